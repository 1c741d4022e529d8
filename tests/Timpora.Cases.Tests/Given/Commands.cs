using Timpora.Cases.Deciding;

namespace Timpora.Cases.Tests.Given;

/// <summary>Commands against <see cref="TheCase"/>, filled in the way an officer would fill them.</summary>
public static class Commands
{
    public static ReportSighting Report(Sighting? sighting = null, Actor? by = null) =>
        new(TheCase.Id, TheCase.Number, sighting ?? Sightings.ConstructionWorkerInSoppeng, by ?? People.VillageReporter);

    public static ReportAdditionalSighting SeeAgain(Sighting? sighting = null, Actor? by = null) =>
        new(TheCase.Id, sighting ?? Sightings.ConstructionWorkerInSoppeng with { ObservedAt = Office.At(2025, 7, 14, 7, 45) },
            by ?? People.MunicipalPoliceReporter);

    public static AssignInvestigator Assign(string? investigatorId = null) =>
        new(TheCase.Id, investigatorId ?? People.Investigator.UserId, People.Supervisor);

    public static VerifyIdentity Verify(StayPermit? permit = null, VerificationFinding finding = VerificationFinding.Overstay) =>
        new(TheCase.Id, TheCase.ChineseWorkerIdentity, permit ?? TheCase.ExpiredVisitPermit, finding, false,
            "Passport E12345678 seen at the site office", People.Investigator);

    public static VerifyIdentity VerifyPermitExpiringOn(DateOnly? expiresOn) =>
        Verify(TheCase.ExpiredVisitPermit with { ExpiresOn = expiresOn });

    public static ReferCase Refer(Guid? referralId = null, string toAgency = "DISNAKER") =>
        new(TheCase.Id, referralId ?? TheCase.ReferralToManpower, toAgency, "Check the work permit (RPTKA) of the contractor",
            new DateOnly(2025, 7, 28), People.Investigator);

    public static AnswerReferral Answer(Actor? by = null, Guid? referralId = null) =>
        new(TheCase.Id, referralId ?? TheCase.ReferralToManpower, ReferralOutcome.Answered,
            "No RPTKA on file for PT Sulawesi Konstruksi Mandiri", by ?? People.ManpowerOfficer);

    public static AnswerReferral Decline(Actor? by = null, Guid? referralId = null) =>
        new(TheCase.Id, referralId ?? TheCase.ReferralToManpower, ReferralOutcome.Declined,
            "Outside our regency: the employer is registered in Makassar", by ?? People.ManpowerOfficer);

    /// <summary>
    /// An action of the given type carrying every piece of evidence the safeguards ask of any type:
    /// remove one piece with <c>with</c> to see the refusal that names it.
    /// </summary>
    public static DecideAction FullyEvidenced(ActionType type) => new(
        TheCase.Id,
        TheCase.NewDecision,
        type,
        ["UU 6/2011 Pasal 75 ayat (2) huruf f", "UU 6/2011 Pasal 78 ayat (3)"],
        "W23.IMI.2-GR.04.01-0123",
        null,
        "Worked at a construction site in Lemba on a visit permit that expired on 30 June 2025.",
        FullSafeguards,
        type == ActionType.Fee ? new FeeDetails(1_000_000m, "IDR") : null,
        type == ActionType.Detention ? DetentionInMakassar : null,
        People.Investigator);

    public static readonly Safeguards FullSafeguards = new(
        [new AlternativeConsidered("residenceObligation", "No fixed address: he slept at the construction site")],
        [],
        "zh",
        true,
        true,
        ConsularAccess.Notified,
        Office.At(2025, 7, 11, 10, 30),
        new NonRefoulementAssessment("CHN", true, "Seksi Intelijen Kanim Parepare", "No risk identified on return"));

    public static readonly DetentionDetails DetentionInMakassar =
        new("Rudenim Makassar", Office.At(2025, 7, 14, 9, 0), Office.At(2025, 8, 13, 9, 0));

    /// <summary>"No action" needs nothing but the article it rests on and the reasons.</summary>
    public static DecideAction NoAction() => new(
        TheCase.Id, TheCase.NewDecision, ActionType.NoAction, ["UU 6/2011 Pasal 75 ayat (1)"], null, null,
        "The worker left the regency before he could be verified.", Safeguards.None, null, null, People.Investigator);

    /// <summary>A warning given in Indonesian: no interpreter question, no written decision.</summary>
    public static DecideAction WarningInIndonesian() => new(
        TheCase.Id, TheCase.NewDecision, ActionType.Warning, ["UU 6/2011 Pasal 71"], null, null,
        "Did not carry his passport while travelling between regencies.",
        Safeguards.None with { InformedInLanguage = "id", ObjectionRightNotified = true }, null, null, People.Investigator);

    public static ReviewDecision Review(Guid? decisionId = null, ReviewVerdict verdict = ReviewVerdict.NeedsInformation) =>
        new(TheCase.Id, decisionId ?? TheCase.Deportation, verdict,
            [new CriterionFinding("proportionality", "Milder measures considered only in one line")], People.Auditor);

    public static FileObjection Object(DateTimeOffset filedAt, Guid? decisionId = null, Actor? by = null) =>
        new(TheCase.Id, decisionId ?? TheCase.Deportation, filedAt, "He holds a pending application for a work permit (RPTKA)",
            by ?? People.Investigator);

    public static DecideObjection DecideObjection(ObjectionOutcome outcome = ObjectionOutcome.Upheld, Guid? decisionId = null, Actor? by = null) =>
        new(TheCase.Id, decisionId ?? TheCase.Deportation, outcome, "The work permit was granted before the decision", by ?? People.Supervisor);

    public static AddNote Note(Actor? by = null) =>
        new(TheCase.Id, "The contractor promised to bring the passports on Monday", by ?? People.Investigator);

    public static CloseCase Close(ClosureReason reason = ClosureReason.Resolved) =>
        new(TheCase.Id, reason, "Deported through Soekarno-Hatta", People.Supervisor);

    public static ReopenCase Reopen() => new(TheCase.Id, "The same man was seen again in Lemba", People.Supervisor);
}
