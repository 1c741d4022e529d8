using Bogus;
using Timpora.Cases;
using Timpora.Cases.Deciding;

namespace Timpora.Api.Demo;

/// <summary>
/// Realistic synthetic cases at scale, for demos and benchmarks: foreign nationals seen across South Sulawesi,
/// taken through the real decisions to every stage of the lifecycle. Deterministic for a given seed.
/// </summary>
public sealed class SyntheticCases(int seed, DateTimeOffset now, LegalCalendar calendar)
{
    private static readonly (string Regency, string[] Districts)[] Regencies =
    [
        ("Soppeng", ["Lalabata", "Liliriaja", "Lilirilau", "Marioriwawo", "Donri-Donri", "Ganra", "Citta", "Marioriawa"]),
        ("Parepare", ["Bacukiki", "Bacukiki Barat", "Ujung", "Soreang"]),
        ("Barru", ["Barru", "Tanete Riaja", "Tanete Rilau", "Mallusetasi", "Soppeng Riaja", "Pujananting", "Balusu"]),
        ("Sidrap", ["Watang Pulu", "Maritengngae", "Baranti", "Panca Rijang", "Dua Pitue", "Pitu Riawa", "Tellu Limpoe"]),
        ("Pinrang", ["Watang Sawitto", "Mattiro Bulu", "Suppa", "Lembang"]),
        ("Wajo", ["Tempe", "Sabbangparu", "Pammana", "Belawa"]),
    ];

    private static readonly (string Code, string Locale, int Weight)[] Nationalities =
    [
        ("CHN", "zh_CN", 35), ("MYS", "en", 9), ("VNM", "vi", 6), ("IND", "en_IND", 7), ("PHL", "en", 6), ("KOR", "ko", 5),
        ("JPN", "ja", 4), ("THA", "en", 4), ("AUS", "en_AU", 4), ("USA", "en_US", 3), ("NGA", "en", 3), ("AFG", "en", 3),
        (Timpora.Cases.Nationalities.Unknown, "en", 11),
    ];

    private static readonly string[] Activities =
    [
        "working at a nickel smelter", "operating an excavator at a road project", "supervising workers at a brick kiln",
        "selling goods at the market", "teaching at a course centre", "staying at a homestay", "fishing with local crews",
        "photographing rice fields", "preaching at a mosque", "visiting relatives", "running a small restaurant",
        "engineer at the wind farm", "surveying land for a plantation",
    ];

    private static readonly Actor Reporter = new("rep-synthetic", "Tim Desa", "PEMDES", Roles.Reporter);
    private static readonly Actor Investigator = new("inv-andi", "Andi Saputra", Agencies.Immigration, Roles.Investigator);
    private static readonly Actor Supervisor = new("sup-hasan", "Hasan Basri", Agencies.Immigration, Roles.Supervisor);
    private static readonly Actor Auditor = new("aud-maria", "Maria Ulfa", Agencies.Immigration, Roles.Auditor);
    private static readonly string[] Investigators = ["inv-andi", "inv-rina", "inv-budi", "inv-sari"];
    private static readonly string[] ReferralAgencies = ["DISNAKER", "POLRI", "KESBANGPOL", "DUKCAPIL", "KEMENAG", "BIN"];

    private readonly Randomizer _random = new(seed);
    private readonly Dictionary<string, Faker> _fakers = new();

    /// <summary>The regency and opening time of the next case, so its number can be reserved before it is built.</summary>
    public (string Regency, DateTimeOffset OpenedAt) NextOpening()
    {
        var regency = _random.ArrayElement(Regencies).Regency;
        var openedAt = now.AddMinutes(-_random.Int(60, 365 * 24 * 60));
        return (regency, openedAt);
    }

    /// <summary>One case's events, every one produced by the decision a real command would take, and the legal clocks they started.</summary>
    public Decision.Accepted Case(Guid caseId, string caseNumber, string regency, DateTimeOffset openedAt)
    {
        var (code, locale, _) = Pick(Nationalities);
        var faker = FakerFor(locale);
        var name = faker.Name.FullName();
        var passport = code == Timpora.Cases.Nationalities.Unknown ? null : faker.Random.Replace("?########").ToUpperInvariant();
        var districts = Regencies.First(r => r.Regency == regency).Districts;
        var sighting = new Sighting(
            openedAt.AddHours(-_random.Int(1, 48)),
            new Location("Sulawesi Selatan", regency, _random.ArrayElement(districts), null,
                Math.Round(_random.Double(-4.6, -3.4), 5), Math.Round(_random.Double(119.5, 120.2), 5)),
            new SubjectDescription(_random.Bool(0.7f) ? name : null, code, _random.Bool(0.3f) ? passport : null,
                _random.Bool(0.8f) ? Sex.Male : Sex.Female, _random.Int(18, 70), null),
            _random.ArrayElement(Activities),
            _random.Enum<ReportingChannel>());

        var opened = (Decision.Accepted)CaseDecisions.Decide(new ReportSighting(caseId, caseNumber, sighting, Reporter), openedAt);
        var events = new List<object>(opened.Events);
        var clocks = new List<LegalClockCheck>();
        var state = Timpora.Cases.Case.From(events);
        var at = openedAt;
        void Take(Func<DateTimeOffset, ICaseCommand> command)
        {
            at = at.AddHours(_random.Int(2, 72));
            if (at > now) at = now;
            if (command(at).Decide(state, at, calendar) is not Decision.Accepted accepted) return;
            events.AddRange(accepted.Events);
            clocks.AddRange(accepted.Clocks);
            state = state.Then(accepted.Events);
        }

        Decision.Accepted Taken() => new(events) { Clocks = clocks };

        var stage = _random.Int(0, 99);
        if (_random.Bool(0.2f)) Take(t => new ReportAdditionalSighting(caseId, sighting with { ObservedAt = t.AddHours(-3) }, Reporter));
        if (stage < 15) return Taken();

        Take(t => new AssignInvestigator(caseId, _random.ArrayElement(Investigators), Supervisor));
        if (stage < 25) return Taken();

        var finding = code == Timpora.Cases.Nationalities.Unknown ? VerificationFinding.Unverifiable : _random.Enum<VerificationFinding>();
        var expires = DateOnly.FromDateTime(at.AddDays(_random.Int(-200, 200)).DateTime);
        Take(t => new VerifyIdentity(caseId,
            new VerifiedIdentity(name, code, passport, DateOnly.FromDateTime(at.AddYears(-_random.Int(20, 65)).DateTime), Sex.Male),
            new StayPermit(_random.Enum<StayPermitType>(), null, expires, null), finding, _random.Bool(0.03f), null, Investigator));
        if (stage < 45) return Taken();

        if (_random.Bool(0.6f))
        {
            var referralId = Guid.CreateVersion7();
            var agency = _random.ArrayElement(ReferralAgencies);
            Take(t => new ReferCase(caseId, referralId, agency, "Please check and report your findings.",
                DateOnly.FromDateTime(t.AddDays(_random.Int(7, 21)).DateTime), Investigator));
            if (stage < 60) return Taken();
            var officer = new Actor($"officer-{agency.ToLowerInvariant()}", $"Petugas {agency}", agency, Roles.AgencyOfficer);
            Take(t => new AnswerReferral(caseId, referralId,
                _random.Bool(0.8f) ? ReferralOutcome.Answered : ReferralOutcome.Declined, "Checked with the employer and the village head.", officer));
        }

        if (stage < 70) return Taken();

        var decisionId = Guid.CreateVersion7();
        var type = _random.ArrayElement(new[] { ActionType.Warning, ActionType.Fee, ActionType.StayPermitCancelled, ActionType.Deportation, ActionType.NoAction });
        Take(t => Action(caseId, decisionId, type, code, t));
        if (stage < 85) return Taken();

        Take(t => new ReviewDecision(caseId, decisionId, _random.Bool(0.8f) ? ReviewVerdict.Compliant : ReviewVerdict.NeedsInformation,
            [new CriterionFinding(ReviewCriteria.Legality, "Legal basis and written decision on file.")], Auditor));
        Take(t => new CloseCase(caseId, ClosureReason.Resolved, null, Investigator));
        return Taken();
    }

    private static DecideAction Action(Guid caseId, Guid decisionId, ActionType type, string nationality, DateTimeOffset at) => new(
        caseId, decisionId, type, ["UU 6/2011 Pasal 75 ayat (2)"], $"W23.IMI.2-GR.{decisionId.ToString()[..8].ToUpperInvariant()}", at.AddHours(-1),
        "The facts established at verification and the person's own statement.",
        Safeguards.None with
        {
            InformedInLanguage = "en",
            InterpreterProvided = true,
            ObjectionRightNotified = true,
            ConsularAccess = ConsularAccess.Declined,
            NonRefoulement = new NonRefoulementAssessment(nationality, true, "Seksi Intelijen dan Penindakan", "No risk identified."),
        },
        type == ActionType.Fee ? new FeeDetails(5_000_000m, "IDR") : null,
        null,
        Investigator);

    private (string Code, string Locale, int Weight) Pick((string Code, string Locale, int Weight)[] choices)
    {
        var roll = _random.Int(0, choices.Sum(c => c.Weight) - 1);
        foreach (var choice in choices)
        {
            if (roll < choice.Weight) return choice;
            roll -= choice.Weight;
        }

        return choices[^1];
    }

    private Faker FakerFor(string locale)
    {
        if (!_fakers.TryGetValue(locale, out var faker))
            _fakers[locale] = faker = new Faker(locale) { Random = new Randomizer(seed ^ locale.GetHashCode(StringComparison.Ordinal)) };
        return faker;
    }
}
