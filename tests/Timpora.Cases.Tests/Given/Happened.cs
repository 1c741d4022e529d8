using Timpora.Cases.Deciding;

namespace Timpora.Cases.Tests.Given;

/// <summary>Events as the store would hold them for <see cref="TheCase"/>.</summary>
public static class Happened
{
    public static SightingReported Reported(Sighting? sighting = null, DateTimeOffset? at = null, Actor? by = null)
    {
        var seen = sighting ?? Sightings.ConstructionWorkerInSoppeng;
        return new SightingReported(TheCase.Id, TheCase.Number, seen.ObservedAt, seen.Location, seen.Subject, seen.Activity,
            seen.Channel, at ?? Office.At(2025, 7, 9, 9, 5), (by ?? People.VillageReporter).UserId);
    }

    public static AdditionalSightingReported SeenAgain(Sighting? sighting = null, DateTimeOffset? at = null, Actor? by = null)
    {
        var seen = sighting ?? Sightings.ConstructionWorkerInSoppeng with { ObservedAt = Office.At(2025, 7, 10, 17, 0) };
        return new AdditionalSightingReported(TheCase.Id, seen.ObservedAt, seen.Location, seen.Subject, seen.Activity, seen.Channel,
            at ?? Office.At(2025, 7, 10, 17, 20), (by ?? People.MunicipalPoliceReporter).UserId);
    }

    public static CaseAssigned Assigned(string? investigatorId = null) =>
        new(TheCase.Id, investigatorId ?? People.Investigator.UserId, Office.At(2025, 7, 9, 11, 0), People.Supervisor.UserId);

    public static IdentityVerified Verified(StayPermit? permit = null, VerificationFinding finding = VerificationFinding.Overstay, int overstayDays = 10) =>
        new(TheCase.Id, TheCase.ChineseWorkerIdentity, permit ?? TheCase.ExpiredVisitPermit, finding, overstayDays, false,
            "Passport seen at the site office", Office.At(2025, 7, 10, 14, 0), People.Investigator.UserId);

    public static CaseReferred Referred(Guid? referralId = null, string toAgency = "DISNAKER") =>
        new(TheCase.Id, referralId ?? TheCase.ReferralToManpower, toAgency, "Check the work permit (RPTKA) of the contractor",
            new DateOnly(2025, 7, 24), Office.At(2025, 7, 10, 15, 0), People.Investigator.UserId);

    public static ReferralAnswered Answered(Guid? referralId = null) =>
        new(TheCase.Id, referralId ?? TheCase.ReferralToManpower, "No RPTKA on file for PT Sulawesi Konstruksi Mandiri",
            Office.At(2025, 7, 11, 10, 0), People.ManpowerOfficer.UserId, People.ManpowerOfficer.Agency);

    public static ReferralDeclined Declined(Guid? referralId = null) =>
        new(TheCase.Id, referralId ?? TheCase.ReferralToManpower, "Outside our regency: the employer is registered in Makassar",
            Office.At(2025, 7, 11, 10, 0), People.ManpowerOfficer.UserId, People.ManpowerOfficer.Agency);

    public static AdministrativeActionDecided Decided(Guid? decisionId = null, ActionType type = ActionType.Deportation)
    {
        var command = Commands.FullyEvidenced(type) with { DecisionId = decisionId ?? TheCase.Deportation };
        return new AdministrativeActionDecided(TheCase.Id, command.DecisionId, type, command.LegalBasis, command.DecisionNumber,
            Office.At(2025, 7, 12, 9, 0), command.Justification!, command.Safeguards, command.Fee, command.Detention,
            Office.At(2025, 7, 12, 9, 30), People.Investigator.UserId);
    }

    public static DecisionReviewed Reviewed(Guid? decisionId = null, ReviewVerdict verdict = ReviewVerdict.Compliant) =>
        new(TheCase.Id, decisionId ?? TheCase.Deportation, verdict, [new CriterionFinding("proportionality", null)],
            Office.At(2025, 7, 13, 8, 0), People.Auditor.UserId);

    /// <summary>An objection filed two working days after the deportation of Saturday 12 July 2025, due to be decided by 29 July.</summary>
    public static ObjectionFiled ObjectionFiled(Guid? decisionId = null, DateTimeOffset? filedAt = null) =>
        new(TheCase.Id, decisionId ?? TheCase.Deportation, filedAt ?? Office.At(2025, 7, 15, 10, 0),
            "He holds a pending application for a work permit (RPTKA) filed by his employer", new DateOnly(2025, 8, 11),
            new DateOnly(2025, 7, 29), Office.At(2025, 7, 15, 11, 0), People.Investigator.UserId);

    public static ObjectionDecided ObjectionDecided(ObjectionOutcome outcome = ObjectionOutcome.Upheld, Guid? decisionId = null,
        DateTimeOffset? at = null) =>
        new(TheCase.Id, decisionId ?? TheCase.Deportation, outcome, "The work permit was granted before the decision",
            at ?? Office.At(2025, 7, 22, 14, 0), People.Supervisor.UserId);

    public static AdministrativeActionDecided DetentionDecided(Guid? decisionId = null) =>
        Decided(decisionId ?? TheCase.Detention, ActionType.Detention);

    public static NoteAdded Noted(string text = "The site foreman says the workers arrived in May") =>
        new(TheCase.Id, text, Office.At(2025, 7, 12, 12, 0), People.Investigator.UserId);

    public static CaseClosed Closed(ClosureReason reason = ClosureReason.Resolved) =>
        new(TheCase.Id, reason, "Deported through Soekarno-Hatta", Office.At(2025, 7, 13, 16, 0), People.Supervisor.UserId);

    /// <summary>The closure of <paramref name="state"/> as the decision records it: the closure, and the withdrawal of each referral still open.</summary>
    public static IReadOnlyList<object> ClosureOf(Case state) =>
        ((Decision.Accepted)CaseDecisions.Decide(Commands.Close(), state, Office.At(2025, 7, 13, 16, 0))).Events;

    public static CaseReopened Reopened() =>
        new(TheCase.Id, "The same man was seen again in Lemba", Office.At(2025, 7, 14, 8, 0), People.Supervisor.UserId);
}
