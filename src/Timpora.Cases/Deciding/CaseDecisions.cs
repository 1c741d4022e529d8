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

    public static Decision Decide(ReferCase command, Case state, DateTimeOffset now) =>
        state.IsClosed
            ? ClosedRefusal(state)
            : Decision.Accept(new CaseReferred(
                command.CaseId, command.ReferralId, command.ToAgency, command.Reason, command.DueBy, now, command.By.UserId));

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

        return Decision.Accept(new AdministrativeActionDecided(
            command.CaseId, command.DecisionId, command.Type, command.LegalBasis, command.DecisionNumber, decidedAt,
            command.Justification!, command.Safeguards, command.Fee, command.Detention, now, command.By.UserId));
    }

    public static Decision Decide(ReviewDecision command, Case state, DateTimeOffset now) =>
        state.FindAction(command.DecisionId) is null
            ? Decision.NotFound($"Case {state.CaseNumber} has no decision {command.DecisionId}.")
            : Decision.Accept(new DecisionReviewed(command.CaseId, command.DecisionId, command.Verdict, command.Findings, now, command.By.UserId));

    public static Decision Decide(AddNote command, Case state, DateTimeOffset now) =>
        Decision.Accept(new NoteAdded(command.CaseId, command.Text, now, command.By.UserId));

    public static Decision Decide(CloseCase command, Case state, DateTimeOffset now) =>
        state.IsClosed
            ? ClosedRefusal(state)
            : Decision.Accept(new CaseClosed(command.CaseId, command.Reason, command.Note, now, command.By.UserId));

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
        _ => "open",
    };
}
