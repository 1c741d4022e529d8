namespace Timpora.Cases.Deciding;

/// <summary>
/// Every command against a case, decided against the case's current state. Pure: no I/O, no clock
/// (<c>now</c> is given, in the office's offset, so its date is the office's date).
/// </summary>
public static class CaseDecisions
{
    public static Decision Decide(ReportSighting command, DateTimeOffset now) =>
        Decision.Accept(new SightingReported(
            command.CaseId, command.CaseNumber, command.Sighting.ObservedAt, command.Sighting.Location,
            command.Sighting.Subject, command.Sighting.Activity, command.Sighting.Channel, now, command.By.UserId));

    public static Decision Decide(ReportAdditionalSighting command, Case state, DateTimeOffset now) =>
        state.IsClosed
            ? ClosedRefusal(state)
            : Decision.Accept(new AdditionalSightingReported(
                command.CaseId, command.Sighting.ObservedAt, command.Sighting.Location, command.Sighting.Subject,
                command.Sighting.Activity, command.Sighting.Channel, now, command.By.UserId));

    public static Decision Decide(AssignInvestigator command, Case state, DateTimeOffset now) =>
        state.IsClosed
            ? ClosedRefusal(state)
            : Decision.Accept(new CaseAssigned(command.CaseId, command.InvestigatorId, now, command.By.UserId));

    public static Decision Decide(VerifyIdentity command, Case state, DateTimeOffset now)
    {
        if (state.IsClosed) return ClosedRefusal(state);

        var overstayDays = OverstayDays(command.Permit.ExpiresOn, DateOnly.FromDateTime(now.DateTime));
        return Decision.Accept(new IdentityVerified(
            command.CaseId, command.Identity, command.Permit, command.Finding, overstayDays,
            command.WatchlistHit, command.Notes, now, command.By.UserId));
    }

    /// <summary>Days past the permit's expiry on the day of verification; 0 while it is still valid or has no expiry.</summary>
    public static int OverstayDays(DateOnly? expiresOn, DateOnly today) =>
        expiresOn is { } expiry && today > expiry ? today.DayNumber - expiry.DayNumber : 0;

    /// <summary>A referral starts the clock of its due date, which runs out at the end of that office day.</summary>
    public static Decision Decide(ReferCase command, Case state, LegalCalendar calendar, DateTimeOffset now) =>
        state.IsClosed
            ? ClosedRefusal(state)
            : Decision.Accept(
                new CaseReferred(command.CaseId, command.ReferralId, command.ToAgency, command.Reason, command.DueBy, now, command.By.UserId),
                LegalClocks.Start(new CheckReferralDeadline(command.CaseId, command.ReferralId, calendar.EndOf(command.DueBy)), now));

    public static Decision Decide(AnswerReferral command, Case state, DateTimeOffset now)
    {
        var referral = state.FindReferral(command.ReferralId);
        if (referral is null) return Decision.NotFound($"Case {state.CaseNumber} has no referral {command.ReferralId}.");
        if (state.IsClosed) return ClosedRefusal(state);
        if (referral.Status != ReferralStatus.Open)
            return Decision.StateConflict($"The referral to {referral.ToAgency} was already {Describe(referral.Status)}.");
        if (command.By.Role == Roles.AgencyOfficer && command.By.Agency != referral.ToAgency)
            return Decision.Refuse(RefusalReason.Forbidden, $"Only {referral.ToAgency} answers this referral.");

        return command.Outcome == ReferralOutcome.Answered
            ? Decision.Accept(new ReferralAnswered(command.CaseId, command.ReferralId, command.Findings, now, command.By.UserId, command.By.Agency))
            : Decision.Accept(new ReferralDeclined(command.CaseId, command.ReferralId, command.Findings, now, command.By.UserId, command.By.Agency));
    }

    public static Decision Decide(DecideAction command, Case state, DateTimeOffset now)
    {
        if (state.IsClosed) return ClosedRefusal(state);
        if (state.Verification is null && !SafeguardRules.AllowedBeforeVerification.Contains(command.Type))
            return Decision.StateConflict("Only a warning or no action may be decided before the identity is verified.");

        var decidedAt = command.DecidedAt ?? now;
        var missing = SafeguardRules.Check(command, decidedAt, now);
        if (missing.Count > 0)
            return Decision.Refuse(RefusalReason.SafeguardsNotMet, "The decision lacks what the safeguards require.", missing);

        // A detention starts the clock of its review date.
        IEnumerable<LegalClockCheck> clocks = command is { Type: ActionType.Detention, Detention.ReviewBy: { } reviewBy }
            ? LegalClocks.Start(new CheckDetentionReview(command.CaseId, command.DecisionId, reviewBy), now)
            : [];
        return Decision.Accept(new AdministrativeActionDecided(
            command.CaseId, command.DecisionId, command.Type, command.LegalBasis, command.DecisionNumber, decidedAt,
            command.Justification!, command.Safeguards, command.Fee, command.Detention, now, command.By.UserId), clocks);
    }

    public static Decision Decide(ReviewDecision command, Case state, DateTimeOffset now) =>
        state.FindAction(command.DecisionId) is null
            ? Decision.NotFound($"Case {state.CaseNumber} has no decision {command.DecisionId}.")
            : Decision.Accept(new DecisionReviewed(command.CaseId, command.DecisionId, command.Verdict, command.Findings, now, command.By.UserId));

    /// <summary>
    /// An objection is recorded once per decision, within 21 working days after the decision (counted on the office's
    /// dates), never dated in the future or before the decision. A closed case still takes it: the right to object
    /// outlives the case file.
    /// </summary>
    public static Decision Decide(FileObjection command, Case state, LegalCalendar calendar, DateTimeOffset now)
    {
        var action = state.FindAction(command.DecisionId);
        if (action is null) return Decision.NotFound($"Case {state.CaseNumber} has no decision {command.DecisionId}.");
        if (action.Objection is { } filed)
            return Decision.StateConflict($"An objection to this decision was already filed at {filed.FiledAt:O}.");

        var deadline = calendar.ObjectionFilingDeadline(action.DecidedAt);
        string? refused = command.FiledAt > now ? "An objection cannot be dated in the future."
            : command.FiledAt < action.DecidedAt ? "An objection cannot be dated before the decision it objects to."
            : calendar.DateOf(command.FiledAt) > deadline
                ? $"The objection was filed after its deadline: {LegalCalendar.ObjectionFilingWorkingDays} working days after the decision of "
                  + $"{calendar.DateOf(action.DecidedAt):yyyy-MM-dd} ran out on {deadline:yyyy-MM-dd}."
            : null;
        if (refused is not null)
            return Decision.Refuse(RefusalReason.SafeguardsNotMet, "The objection cannot be recorded as filed.",
                new Dictionary<string, string[]> { ["filedAt"] = [refused] });

        // The objection starts the clock of its own decision.
        var decisionDueBy = calendar.ObjectionDecisionDueBy(command.FiledAt);
        return Decision.Accept(
            new ObjectionFiled(command.CaseId, command.DecisionId, command.FiledAt, command.Grounds, deadline, decisionDueBy, now, command.By.UserId),
            LegalClocks.Start(new CheckObjectionDecision(command.CaseId, command.DecisionId, calendar.EndOf(decisionDueBy)), now));
    }

    /// <summary>A filed objection is decided once (by a supervisor: <see cref="Permission.DecideObjection"/>); upholding it reverses the decision.</summary>
    public static Decision Decide(DecideObjection command, Case state, DateTimeOffset now)
    {
        var action = state.FindAction(command.DecisionId);
        if (action is null) return Decision.NotFound($"Case {state.CaseNumber} has no decision {command.DecisionId}.");
        if (action.Objection is not { } objection) return Decision.StateConflict("No objection was filed against this decision.");
        if (objection.Outcome != ObjectionStatus.Pending)
            return Decision.StateConflict($"The objection was already decided: {objection.Outcome.ToString().ToLowerInvariant()}.");

        return Decision.Accept(new ObjectionDecided(command.CaseId, command.DecisionId, command.Outcome, command.Note, now, command.By.UserId));
    }

    /// <summary>
    /// At the end of a referral's due date: overdue if it was still open then (<see cref="ReferralDeadline"/>), that is
    /// unless the agency answered or declined by then or the closure of the case withdrew it. Recorded once however
    /// often the check runs.
    /// </summary>
    public static Decision Decide(CheckReferralDeadline command, Case state, LegalCalendar calendar, DateTimeOffset now)
    {
        var referral = state.FindReferral(command.ReferralId);
        if (referral is null) return Decision.NotFound($"Case {state.CaseNumber} has no referral {command.ReferralId}.");
        if (now < command.DueAt) return NotYetDue(command);

        var overdueWhenDue = ReferralDeadline.IsOverdue(referral.StatusAt(command.DueAt), referral.DueBy, calendar.DateOf(command.DueAt));
        return referral.Overdue || !overdueWhenDue
            ? Decision.Accept()
            : Decision.Accept(new ReferralOverdue(command.CaseId, command.ReferralId, referral.ToAgency, referral.DueBy, now, LegalClocks.Actor.UserId));
    }

    /// <summary>
    /// At a detention's review date: missed unless a new decision on the case was taken by then, the detention was
    /// reversed by then, or the case was closed before it fell due. Recorded once.
    /// </summary>
    public static Decision Decide(CheckDetentionReview command, Case state, DateTimeOffset now)
    {
        var index = state.Actions.ToList().FindIndex(a => a.DecisionId == command.DecisionId);
        if (index < 0) return Decision.NotFound($"Case {state.CaseNumber} has no decision {command.DecisionId}.");
        if (now < command.DueAt) return NotYetDue(command);

        var detention = state.Actions[index];
        var reviewedInTime = state.Actions.Skip(index + 1).Any(later => later.DecidedAt <= command.DueAt);
        var reversedInTime = detention.Reversed && detention.Objection?.DecidedAt <= command.DueAt;
        return detention.DetentionReviewMissed || reviewedInTime || reversedInTime || ClosedBy(state, command.DueAt)
            ? Decision.Accept()
            : Decision.Accept(new DetentionReviewMissed(command.CaseId, command.DecisionId, command.DueAt, now, LegalClocks.Actor.UserId));
    }

    /// <summary>When an objection's decision falls due: overdue unless it was decided by then. Recorded once.</summary>
    public static Decision Decide(CheckObjectionDecision command, Case state, DateTimeOffset now)
    {
        if (state.FindAction(command.DecisionId)?.Objection is not { } objection)
            return Decision.NotFound($"Case {state.CaseNumber} has no objection to decision {command.DecisionId}.");
        if (now < command.DueAt) return NotYetDue(command);

        var decidedInTime = objection.DecidedAt is { } decidedAt && decidedAt <= command.DueAt;
        return objection.Overdue || decidedInTime
            ? Decision.Accept()
            : Decision.Accept(new ObjectionDecisionOverdue(command.CaseId, command.DecisionId, objection.Deadline, now, LegalClocks.Actor.UserId));
    }

    private static Decision NotYetDue(LegalClockCheck check) =>
        Decision.StateConflict($"The deadline is {check.DueAt:O}: it has not passed yet.");

    /// <summary>A closed case's supervision ended: what falls due after the closure is no longer owed.</summary>
    private static bool ClosedBy(Case state, DateTimeOffset dueAt) => state.Closure is { } closure && closure.ClosedAt <= dueAt;

    public static Decision Decide(AddNote command, Case state, DateTimeOffset now) =>
        Decision.Accept(new NoteAdded(command.CaseId, command.Text, now, command.By.UserId));

    /// <summary>Closing a case withdraws its open referrals: no agency owes an answer on a closed case, and a reopening does not revive them.</summary>
    public static Decision Decide(CloseCase command, Case state, DateTimeOffset now) =>
        state.IsClosed
            ? ClosedRefusal(state)
            : Decision.Accept([
                new CaseClosed(command.CaseId, command.Reason, command.Note, now, command.By.UserId),
                .. state.Referrals.Where(r => r.Status == ReferralStatus.Open)
                    .Select(r => new ReferralWithdrawn(command.CaseId, r.ReferralId, r.ToAgency, now, command.By.UserId)),
            ]);

    public static Decision Decide(ReopenCase command, Case state, DateTimeOffset now) =>
        state.IsClosed
            ? Decision.Accept(new CaseReopened(command.CaseId, command.Reason, now, command.By.UserId))
            : Decision.StateConflict($"Case {state.CaseNumber} is open: only a closed case can be reopened.");

    private static Decision ClosedRefusal(Case state) =>
        Decision.StateConflict($"Case {state.CaseNumber} is closed: reopen it first.");

    private static string Describe(ReferralStatus status) => status switch
    {
        ReferralStatus.Answered => "answered",
        ReferralStatus.Declined => "declined",
        ReferralStatus.Withdrawn => "withdrawn with the closure of the case",
        _ => "open",
    };
}
