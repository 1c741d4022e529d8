using Marten;
using Timpora.Api.Infrastructure;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine.Marten.Publishing;
using Wolverine.Runtime;

namespace Timpora.Api.Demo;

/// <summary>
/// A dozen realistic cases across Soppeng, Parepare, Barru and Sidrap, in every state of the lifecycle, for
/// demos and for trying the API by hand. Every event comes from the same decisions real commands take;
/// nothing is written to tables directly, and the legal clocks they start run. Runs once the application has started (the
/// clocks are Wolverine messages) when <c>Demo:Seed</c> is true and no case exists yet.
/// </summary>
public sealed class DemoCases(
    IHostApplicationLifetime lifetime, IDocumentStore store, OutboxedSessionFactory sessions, IWolverineRuntime wolverine,
    OfficeClock clock, LegalCalendar calendar, IConfiguration configuration, ILogger<DemoCases> logger) : BackgroundService
{
    public const string Setting = "Demo:Seed";

    private static readonly Actor VillageTeam = new("rep-lemba", "Tim Desa Lemba", "PEMDES", Roles.Reporter);
    private static readonly Actor Police = new("pol-agus", "Agus Salim", "POLRI", Roles.AgencyOfficer);
    private static readonly Actor Investigator = new("inv-andi", "Andi Saputra", Agencies.Immigration, Roles.Investigator);
    private static readonly Actor Supervisor = new("sup-hasan", "Hasan Basri", Agencies.Immigration, Roles.Supervisor);
    private static readonly Actor Auditor = new("aud-maria", "Maria Ulfa", Agencies.Immigration, Roles.Auditor);
    private static readonly Actor Manpower = new("dis-yusuf", "Yusuf Rahman", "DISNAKER", Roles.AgencyOfficer);
    private static readonly Actor NationalUnity = new("kes-dewi", "Dewi Lestari", "KESBANGPOL", Roles.AgencyOfficer);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        // Read when the host runs, not when it is built: settings added to a built host (tests) count.
        if (!configuration.GetValue<bool>(Setting)) return;

        var started = new TaskCompletionSource();
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stopping);

        await using (var query = store.QuerySession())
        {
            if (await query.Query<Case>().AnyAsync(stopping)) return;
        }

        var numbers = new CaseNumberAllocator(store);
        foreach (var script in Scripts(clock.Now))
            await PlayAsync(script, numbers, stopping);
        logger.LogInformation("Demo cases recorded.");
    }

    /// <summary>One case's life, each step decided and appended the way a request's would be, with the clocks it starts.</summary>
    private async Task PlayAsync(CaseScript script, CaseNumberAllocator numbers, CancellationToken cancellation)
    {
        var caseId = Guid.CreateVersion7();
        var caseNumber = await numbers.NextAsync(script.Sighting.Location.Regency, script.OpenedAt.Year, cancellation);
        var correlationId = $"demo-{caseNumber}";
        var opened = (Decision.Accepted)CaseDecisions.Decide(new ReportSighting(caseId, caseNumber, script.Sighting, script.Reporter), script.OpenedAt);
        await WriteAsync(writing => writing.Session.AppendAsync(caseId, opened, script.Reporter, correlationId, writing.Messaging, clock.Now), cancellation);

        var at = script.OpenedAt;
        foreach (var (by, daysLater, command) in script.Steps)
        {
            at = at.AddDays(daysLater).AddHours(1);
            var decidedAt = at;
            await WriteAsync(async session =>
            {
                var stream = await session.Session.Events.FetchForWriting<Case>(caseId, cancellation);
                var state = stream.Aggregate ?? throw new InvalidOperationException($"Demo case {caseNumber} is missing.");
                if (command(state, by).Decide(state, decidedAt, calendar) is not Decision.Accepted accepted)
                    throw new InvalidOperationException($"Demo case {caseNumber}: a step was refused.");
                await session.Session.AppendAsync(stream, accepted, by, correlationId, session.Messaging, clock.Now);
            }, cancellation);
        }
    }

    private sealed record Writing(IDocumentSession Session, MessageContext Messaging);

    private async Task WriteAsync(Func<Writing, Task> write, CancellationToken cancellation)
    {
        var messaging = new MessageContext(wolverine);
        await using var session = sessions.OpenSession(messaging);
        await write(new Writing(session, messaging));
        await session.SaveChangesAsync(cancellation);
        await messaging.FlushOutgoingMessagesAsync();
    }

    private static IEnumerable<CaseScript> Scripts(DateTimeOffset today)
    {
        var start = today.AddDays(-40);

        yield return new CaseScript(start, VillageTeam, Sighting(start, "Soppeng", "Lalabata", "Lemba", "Li Wei", "CHN", Sex.Male, 34,
            "working at a brick kiln without a helmet", ReportingChannel.FieldTeam));

        yield return new CaseScript(start.AddDays(1), Police, Sighting(start.AddDays(1), "Soppeng", "Marioriwawo", "Tellu Limpoe", "Zhang Min", "CHN",
                Sex.Male, 41, "supervising workers at a nickel processing site", ReportingChannel.AgencyReferral))
            .Then(Supervisor, 1, (c, by) => new AssignInvestigator(c.Id, Investigator.UserId, by))
            .Then(Investigator, 2, (c, by) => Verification(c.Id, by, "Zhang Min", "CHN", "EJ4471023", StayPermitType.Visit,
                DateOnly.FromDateTime(start.AddDays(20).DateTime), VerificationFinding.PermitMisuse, "PT Sulawesi Nikel Mandiri"));

        yield return new CaseScript(start.AddDays(2), VillageTeam, Sighting(start.AddDays(2), "Soppeng", "Donri-Donri", "Pesse", "Wang Jun", "CHN",
                Sex.Male, 29, "operating an excavator at a road project", ReportingChannel.CoordinationGroup))
            .Then(Investigator, 1, (c, by) => Verification(c.Id, by, "Wang Jun", "CHN", "EK0938811", StayPermitType.Visit,
                DateOnly.FromDateTime(start.AddDays(30).DateTime), VerificationFinding.PermitMisuse, null))
            .Then(Investigator, 2, (c, by) => new ReferCase(c.Id, Guid.CreateVersion7(), "DISNAKER",
                "Working on a visit permit: check the employer's RPTKA and work permit.", DateOnly.FromDateTime(today.AddDays(7).DateTime), by));

        yield return new CaseScript(start.AddDays(3), Police, Sighting(start.AddDays(3), "Parepare", "Soreang", "Lakessi", "Ahmad bin Salleh", "MYS",
                Sex.Male, 52, "trading at Lakessi market", ReportingChannel.Hotline))
            .Then(Investigator, 1, (c, by) => Verification(c.Id, by, "Ahmad bin Salleh", "MYS", "A30718826", StayPermitType.VisaOnArrival,
                DateOnly.FromDateTime(start.AddDays(-42).DateTime), VerificationFinding.Overstay, null))
            .Then(Investigator, 2, (c, by) => new DecideAction(c.Id, Guid.CreateVersion7(), ActionType.Fee,
                ["UU 6/2011 Pasal 78 ayat (1)"], null, null,
                "Overstay under 60 days; the person came forward and can pay the daily overstay fee.",
                Informed("ms", interpreter: true), new FeeDetails(42 * 1_000_000m, "IDR"), null, by));

        yield return new CaseScript(start.AddDays(4), VillageTeam, Sighting(start.AddDays(4), "Parepare", "Ujung", "Mallusetasi", "Maria Santos", "PHL",
                Sex.Female, 31, "teaching English at a course centre", ReportingChannel.Apoa))
            .Then(Investigator, 1, (c, by) => Verification(c.Id, by, "Maria Santos", "PHL", "P4419902A", StayPermitType.LimitedStay,
                DateOnly.FromDateTime(today.AddDays(300).DateTime), VerificationFinding.Compliant, "Yayasan Bina Bahasa"))
            .Then(Investigator, 1, (c, by) => new CloseCase(c.Id, ClosureReason.Resolved, "ITAS valid for teaching; sponsor confirmed.", by));

        yield return new CaseScript(start.AddDays(5), VillageTeam, Sighting(start.AddDays(5), "Barru", "Tanete Riaja", "Harapan", "Kim Min-jun", "KOR",
                Sex.Male, 26, "photographing the Lappa Laona hills", ReportingChannel.WalkIn))
            .Then(Investigator, 1, (c, by) => Verification(c.Id, by, "Kim Min-jun", "KOR", "M20983341", StayPermitType.Visit,
                DateOnly.FromDateTime(today.AddDays(20).DateTime), VerificationFinding.Compliant, null))
            .Then(Investigator, 0, (c, by) => new CloseCase(c.Id, ClosureReason.Resolved, "Tourist with a valid visit permit.", by));

        yield return new CaseScript(start.AddDays(6), Police, Sighting(start.AddDays(6), "Barru", "Mallusetasi", "Bojo", "Hamid Rahimi", "AFG",
                Sex.Male, 23, "staying at a fisherman's house, says he fled Afghanistan", ReportingChannel.AgencyReferral))
            .Then(Investigator, 1, (c, by) => Verification(c.Id, by, "Hamid Rahimi", "AFG", null, StayPermitType.None, null,
                VerificationFinding.NoValidDocuments, null))
            .Then(Investigator, 0, (c, by) => new ReferCase(c.Id, DemoIds.AsylumReferral, "KESBANGPOL",
                "Registered with UNHCR as an asylum seeker: coordinate shelter under Perpres 125/2016.", DateOnly.FromDateTime(start.AddDays(14).DateTime), by))
            .Then(NationalUnity, 3, (c, by) => new AnswerReferral(c.Id, DemoIds.AsylumReferral, ReferralOutcome.Answered,
                "Placed in the community shelter in Parepare; UNHCR case officer informed.", by))
            .Then(Investigator, 1, (c, by) => new DecideAction(c.Id, Guid.CreateVersion7(), ActionType.NoAction,
                ["Perpres 125/2016 Pasal 24"], null, null,
                "Asylum seeker under UNHCR protection: no immigration action while the status stands.",
                Safeguards.None with { Vulnerabilities = [Vulnerability.AsylumSeeker] }, null, null, by));

        yield return new CaseScript(start.AddDays(8), Manpower, Sighting(start.AddDays(8), "Sidrap", "Watang Pulu", "Lainungan", "Rajesh Kumar", "IND",
                Sex.Male, 45, "engineer at the wind farm", ReportingChannel.AgencyReferral))
            .Then(Investigator, 2, (c, by) => Verification(c.Id, by, "Rajesh Kumar", "IND", "Z5512098", StayPermitType.LimitedStay,
                DateOnly.FromDateTime(today.AddDays(200).DateTime), VerificationFinding.Compliant, "PT UPC Sidrap Bayu Energi"));

        yield return new CaseScript(start.AddDays(9), VillageTeam, Sighting(start.AddDays(9), "Sidrap", "Maritengngae", "Pangkajene", null, "NGA",
                Sex.Male, 30, "no documents, sleeping at the bus terminal", ReportingChannel.FieldTeam))
            .Then(Investigator, 1, (c, by) => Verification(c.Id, by, "Chinedu Okafor", "NGA", null, StayPermitType.None, null,
                VerificationFinding.NoValidDocuments, null))
            .Then(Investigator, 2, (c, by) => new DecideAction(c.Id, DemoIds.Detention, ActionType.Detention,
                ["UU 6/2011 Pasal 83 ayat (1) huruf a"], "W23.IMI.2-GR.01.01-0417", null,
                "No travel document or permit; identity unconfirmed with the embassy; no fixed address or guarantor.",
                Informed("en", interpreter: false) with
                {
                    AlternativesConsidered =
                    [
                        new AlternativeConsidered("residenceObligation", "No address or sponsor to reside with."),
                        new AlternativeConsidered("reportingObligation", "No fixed place from which to report."),
                    ],
                    ConsularAccess = ConsularAccess.Notified,
                    ConsularNotifiedAt = start.AddDays(11),
                },
                null, new DetentionDetails("Rudenim Makassar", start.AddDays(11), start.AddDays(39)), by))
            .Then(Auditor, 3, (c, by) => new ReviewDecision(c.Id, DemoIds.Detention, ReviewVerdict.Compliant,
                [new CriterionFinding(ReviewCriteria.Proportionality, "Alternatives considered and rejected with reasons."),
                 new CriterionFinding(ReviewCriteria.ConsularAccess, "Embassy notified the day detention started.")], by));

        yield return new CaseScript(start.AddDays(10), Police, Sighting(start.AddDays(10), "Sidrap", "Baranti", "Passeno", "Chen Hao", "CHN",
                Sex.Male, 38, "running a fish-feed shop", ReportingChannel.Hotline))
            .Then(Investigator, 1, (c, by) => Verification(c.Id, by, "Chen Hao", "CHN", "EH7736120", StayPermitType.Visit,
                DateOnly.FromDateTime(start.AddDays(-110).DateTime), VerificationFinding.Overstay, null))
            .Then(Investigator, 2, (c, by) => new DecideAction(c.Id, DemoIds.Deportation, ActionType.Deportation,
                ["UU 6/2011 Pasal 78 ayat (3)", "UU 6/2011 Pasal 75 ayat (2) huruf f"], "W23.IMI.2-GR.02.03-0388", null,
                "Overstay of more than 60 days (art. 78(3)): deportation and entry ban.",
                Informed("zh", interpreter: true) with
                {
                    ConsularAccess = ConsularAccess.Notified,
                    ConsularNotifiedAt = start.AddDays(12),
                    NonRefoulement = new NonRefoulementAssessment("CHN", true, "Seksi Intelijen dan Penindakan", "No protection claim made; no risk identified."),
                },
                null, null, by))
            .Then(Auditor, 2, (c, by) => new ReviewDecision(c.Id, DemoIds.Deportation, ReviewVerdict.NeedsInformation,
                [new CriterionFinding(ReviewCriteria.Information, "Record when the decision was explained and by which interpreter.")], by));

        yield return new CaseScript(start.AddDays(12), VillageTeam, Sighting(start.AddDays(12), "Soppeng", "Lilirilau", "Cabenge", null, Nationalities.Unknown,
                Sex.Female, 40, "asking for directions to the hot springs", ReportingChannel.FieldTeam))
            .Then(Investigator, 1, (c, by) => new CloseCase(c.Id, ClosureReason.Duplicate, "Same person as another report.", by))
            .Then(Supervisor, 2, (c, by) => new ReopenCase(c.Id, "Not the same person: the other report is a man.", by));

        yield return new CaseScript(start.AddDays(14), VillageTeam, Sighting(start.AddDays(14), "Parepare", "Bacukiki", "Lompoe", "Somchai Rattanakorn", "THA",
                Sex.Male, 47, "selling gemstones door to door", ReportingChannel.FieldTeam))
            .Then(Investigator, 1, (c, by) => new ReferCase(c.Id, DemoIds.PoliceReferral, "POLRI",
                "Possible sale of counterfeit gemstones.", DateOnly.FromDateTime(start.AddDays(21).DateTime), by))
            .Then(Police, 2, (c, by) => new AnswerReferral(c.Id, DemoIds.PoliceReferral, ReferralOutcome.Declined,
                "Handled by Polda Sulawesi Selatan, which has an open investigation.", by))
            .Then(Investigator, 1, (c, by) => new CloseCase(c.Id, ClosureReason.Transferred, "Transferred to Kanim Makassar, where he resides.", by));
    }

    private static Sighting Sighting(DateTimeOffset seen, string regency, string district, string village, string? name, string nationality,
        Sex sex, int age, string activity, ReportingChannel channel) =>
        new(seen.AddHours(-2),
            new Location("Sulawesi Selatan", regency, district, village, null, null),
            new SubjectDescription(name, nationality, null, sex, age, null),
            activity,
            channel);

    private static VerifyIdentity Verification(Guid caseId, Actor by, string name, string nationality, string? passport, StayPermitType permit,
        DateOnly? expiresOn, VerificationFinding finding, string? sponsor) =>
        new(caseId, new VerifiedIdentity(name, nationality, passport, null, Sex.Unknown), new StayPermit(permit, null, expiresOn, sponsor),
            finding, false, null, by);

    private static Safeguards Informed(string language, bool interpreter) =>
        Safeguards.None with { InformedInLanguage = language, InterpreterProvided = interpreter, ObjectionRightNotified = true };

    private static class DemoIds
    {
        public static readonly Guid AsylumReferral = Guid.Parse("0196a000-0000-7000-8000-000000000001");
        public static readonly Guid PoliceReferral = Guid.Parse("0196a000-0000-7000-8000-000000000002");
        public static readonly Guid Detention = Guid.Parse("0196a000-0000-7000-8000-000000000003");
        public static readonly Guid Deportation = Guid.Parse("0196a000-0000-7000-8000-000000000004");
    }

    /// <summary>One case's life: the opening report, then commands taken some days apart.</summary>
    private sealed class CaseScript(DateTimeOffset openedAt, Actor reporter, Sighting sighting)
    {
        private readonly List<(Actor By, int DaysLater, Func<Case, Actor, ICaseCommand> Command)> _steps = [];

        public DateTimeOffset OpenedAt => openedAt;
        public Actor Reporter => reporter;
        public Sighting Sighting => sighting;
        public IReadOnlyList<(Actor By, int DaysLater, Func<Case, Actor, ICaseCommand> Command)> Steps => _steps;

        public CaseScript Then(Actor by, int daysLater, Func<Case, Actor, ICaseCommand> command)
        {
            _steps.Add((by, daysLater, command));
            return this;
        }
    }
}
