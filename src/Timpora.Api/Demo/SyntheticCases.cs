using Bogus;
using Timpora.Cases;
using Timpora.Cases.Deciding;

namespace Timpora.Api.Demo;

/// <summary>
/// Realistic synthetic cases at scale, for demos and benchmarks: foreign nationals seen across six regencies of South
/// Sulawesi, taken through the real decisions by the people of a real office. Deterministic for a given seed (the same
/// people, places and lifecycles; case, referral and decision ids are fresh each time).
/// <para>
/// The people are the same for every seed, so that a benchmark or a demo can name them without reading the store. The
/// regency key is the regency's name in lower case (<c>soppeng</c>, <c>parepare</c>, <c>barru</c>, <c>sidrap</c>,
/// <c>pinrang</c>, <c>wajo</c>), numbers have two digits from 01:
/// <list type="bullet">
/// <item><c>rep-{regency}-{01..40}</c>: reporters (role reporter) of the agencies that see people in the field,
/// <see cref="ReporterAgencies"/> in that order: 01–16 village teams (PEMDES), 17–24 police (POLRI), 25–29 SATPOLPP,
/// 30–31 TNI, 32–34 DISNAKER, 35–36 KESBANGPOL, 37 DUKCAPIL, 38 KEMENAG, 39 DISDIK, 40 BIN.</item>
/// <item><c>inv-{regency}-{01..30}</c>: investigators of IMIGRASI; a case is assigned to one of its regency's.</item>
/// <item><c>sup-{regency}-{01..02}</c>: supervisors of IMIGRASI; they assign, and decide objections.</item>
/// <item><c>aud-{01..06}</c>: auditors of IMIGRASI at the regional office, reviewing decisions from every regency.</item>
/// <item><c>off-{agency}-{regency}-{01..03}</c> (agency in lower case): agency officers answering the referrals to
/// their agency from their regency, for each of <see cref="ReferralAgencies"/>.</item>
/// </list>
/// Lower numbers are busier: people are picked with a skew towards 01, as a few people do most of an office's work.
/// </para>
/// <para>
/// Openings are spread over the last <see cref="HistoryDays"/> days, a little denser towards today. Each step of a case
/// comes some hours or days after the one before; a step that would fall after <c>now</c> has not happened yet, so
/// recent cases are early in their lifecycle and old ones mostly closed. Of the cases older than a few months, roughly:
/// 95 % assigned, 85 % verified, 40 % referred (most answered, some declined, some left open and overdue), 75 %
/// decided, half of the decisions reviewed by an auditor, 70 % closed; 13 % have more than one sighting (a few up to six),
/// a few decisions draw an objection. A legal clock whose deadline falls in a case's past is checked at that deadline,
/// as the running system would have (an overdue referral is recorded then); only the clocks still running are handed
/// back to be scheduled, so an API started on seeded data has no backlog of clocks to run.
/// </para>
/// </summary>
public sealed class SyntheticCases(int seed, DateTimeOffset now, LegalCalendar calendar)
{
    public const int HistoryDays = 900;
    public const int ReportersPerRegency = 40;
    public const int InvestigatorsPerRegency = 30;
    public const int SupervisorsPerRegency = 2;
    public const int Auditors = 6;
    public const int OfficersPerAgencyAndRegency = 3;

    private static readonly (string Regency, string[] Districts)[] Regencies =
    [
        ("Soppeng", ["Lalabata", "Liliriaja", "Lilirilau", "Marioriwawo", "Donri-Donri", "Ganra", "Citta", "Marioriawa"]),
        ("Parepare", ["Bacukiki", "Bacukiki Barat", "Ujung", "Soreang"]),
        ("Barru", ["Barru", "Tanete Riaja", "Tanete Rilau", "Mallusetasi", "Soppeng Riaja", "Pujananting", "Balusu"]),
        ("Sidrap", ["Watang Pulu", "Maritengngae", "Baranti", "Panca Rijang", "Dua Pitue", "Pitu Riawa", "Tellu Limpoe"]),
        ("Pinrang", ["Watang Sawitto", "Mattiro Bulu", "Suppa", "Lembang"]),
        ("Wajo", ["Tempe", "Sabbangparu", "Pammana", "Belawa"]),
    ];

    /// <summary>The regencies cases are opened in, as their location names them.</summary>
    public static IReadOnlyList<string> RegencyNames { get; } = Regencies.Select(r => r.Regency).ToArray();

    /// <summary>How many of a regency's <see cref="ReportersPerRegency"/> reporters each agency has, in numbering order.</summary>
    public static IReadOnlyList<(string Agency, int Reporters)> ReporterAgencies { get; } =
    [
        ("PEMDES", 16), ("POLRI", 8), ("SATPOLPP", 5), ("TNI", 2), ("DISNAKER", 3), ("KESBANGPOL", 2), ("DUKCAPIL", 1),
        ("KEMENAG", 1), ("DISDIK", 1), ("BIN", 1),
    ];

    /// <summary>The agencies cases are referred to, and how often (weights).</summary>
    public static IReadOnlyList<(string Agency, int Weight)> ReferralAgencies { get; } =
    [
        ("DISNAKER", 40), ("POLRI", 20), ("KESBANGPOL", 12), ("DUKCAPIL", 10), ("KEMENAG", 8), ("BIN", 5), ("DISDIK", 5),
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

    private static readonly (VerificationFinding Finding, int Weight)[] Findings =
    [
        (VerificationFinding.Compliant, 22), (VerificationFinding.Overstay, 30), (VerificationFinding.PermitMisuse, 25),
        (VerificationFinding.NoValidDocuments, 10), (VerificationFinding.Unverifiable, 5), (VerificationFinding.NotForeignNational, 8),
    ];

    private static readonly Dictionary<VerificationFinding, (ActionType Type, int Weight)[]> Actions = new()
    {
        [VerificationFinding.Compliant] = [(ActionType.NoAction, 1)],
        [VerificationFinding.Overstay] =
            [(ActionType.Fee, 55), (ActionType.Warning, 15), (ActionType.Deportation, 20), (ActionType.StayPermitCancelled, 5), (ActionType.CekalListing, 5)],
        [VerificationFinding.PermitMisuse] =
        [
            (ActionType.StayPermitCancelled, 35), (ActionType.Deportation, 30), (ActionType.Warning, 20), (ActionType.ResidenceObligation, 10),
            (ActionType.PlaceBan, 5),
        ],
        [VerificationFinding.NoValidDocuments] = [(ActionType.Deportation, 60), (ActionType.ResidenceObligation, 25), (ActionType.Warning, 15)],
        [VerificationFinding.Unverifiable] = [(ActionType.Warning, 50), (ActionType.NoAction, 30), (ActionType.ResidenceObligation, 20)],
    };

    private static readonly string[] GivenNames =
    [
        "Andi", "Rina", "Budi", "Sari", "Ahmad", "Dewi", "Hasan", "Nur", "Ilham", "Fitri", "Yusuf", "Rahmat", "Asri", "Irwan",
        "Wahyuni", "Syamsul", "Hendra", "Nurul", "Arif", "Rahma", "Fadli", "Sitti", "Muhammad", "Ayu",
    ];

    private static readonly string[] FamilyNames =
    [
        "Saputra", "Basri", "Lestari", "Rahman", "Hamid", "Mappaseng", "Nurdin", "Amir", "Hasanuddin", "Sulaiman", "Latif",
        "Syahrir", "Pawelloi", "Mattalitti", "Arsyad", "Jufri", "Makmur",
    ];

    private sealed record Office(Actor[] Reporters, Actor[] Investigators, Actor[] Supervisors, Dictionary<string, Actor[]> Officers);

    private static readonly Dictionary<string, Office> Offices = Regencies.ToDictionary(r => r.Regency, r => OfficeOf(r.Regency));

    private static readonly Actor[] Auditing = Enumerable.Range(1, Auditors)
        .Select(n => new Actor($"aud-{n:00}", PersonName(n, 97), Agencies.Immigration, Roles.Auditor)).ToArray();

    private readonly Randomizer _random = new(seed);
    private readonly Dictionary<string, Faker> _fakers = new();
    private readonly int _nationalityWeights = Nationalities.Sum(n => n.Weight);

    public static string RegencyKey(string regency) => regency.ToLowerInvariant();

    public static string ReporterId(string regency, int number) => $"rep-{RegencyKey(regency)}-{number:00}";

    public static string InvestigatorId(string regency, int number) => $"inv-{RegencyKey(regency)}-{number:00}";

    public static string SupervisorId(string regency, int number) => $"sup-{RegencyKey(regency)}-{number:00}";

    public static string AuditorId(int number) => $"aud-{number:00}";

    public static string OfficerId(string agency, string regency, int number) => $"off-{agency.ToLowerInvariant()}-{RegencyKey(regency)}-{number:00}";

    /// <summary>A seeded person as a token would name them (user id, name, agency, role), for benchmarks and demos.</summary>
    public static Actor Reporter(string regency, int number) => Offices[regency].Reporters[number - 1];

    public static Actor Investigator(string regency, int number) => Offices[regency].Investigators[number - 1];

    public static Actor Supervisor(string regency, int number) => Offices[regency].Supervisors[number - 1];

    public static Actor Auditor(int number) => Auditing[number - 1];

    public static Actor Officer(string agency, string regency, int number) => Offices[regency].Officers[agency][number - 1];

    /// <summary>The regency and opening time of the next case, so its number can be reserved before it is built.</summary>
    public (string Regency, DateTimeOffset OpenedAt) NextOpening()
    {
        var regency = _random.ArrayElement(Regencies).Regency;
        // More cases lately than at the start: the office reports more as the teams in the villages learn of it.
        var back = Math.Pow(_random.Double(), 1.25) * HistoryDays * 24 * 60;
        var openedAt = now.AddMinutes(-Math.Max(60, back));
        return (regency, openedAt);
    }

    /// <summary>One case's events, every one produced by the decision a real command would take, and the legal clocks they started.</summary>
    public Decision.Accepted Case(Guid caseId, string caseNumber, string regency, DateTimeOffset openedAt)
    {
        var office = Offices[regency];
        var (code, locale, _) = PickNationality();
        var faker = FakerFor(locale);
        var name = faker.Name.FullName();
        var passport = code == Timpora.Cases.Nationalities.Unknown ? null : faker.Random.Replace("?########").ToUpperInvariant();
        var sex = _random.Bool(0.8f) ? Sex.Male : Sex.Female;
        var districts = Regencies.First(r => r.Regency == regency).Districts;
        var sighting = new Sighting(
            openedAt.AddHours(-_random.Int(1, 48)),
            new Location("Sulawesi Selatan", regency, _random.ArrayElement(districts), null,
                Math.Round(_random.Double(-4.6, -3.4), 5), Math.Round(_random.Double(119.5, 120.2), 5)),
            new SubjectDescription(_random.Bool(0.7f) ? name : null, code, _random.Bool(0.3f) ? passport : null, sex, _random.Int(18, 70), null),
            _random.ArrayElement(Activities),
            _random.Enum<ReportingChannel>());

        var reporter = Busy(office.Reporters);
        var opened = (Decision.Accepted)CaseDecisions.Decide(new ReportSighting(caseId, caseNumber, sighting, reporter), openedAt);
        var events = new List<object>(opened.Events);
        var clocks = new List<LegalClockCheck>();
        var state = Timpora.Cases.Case.From(events);
        var at = openedAt;

        void Record(Decision.Accepted accepted)
        {
            events.AddRange(accepted.Events);
            clocks.AddRange(accepted.Clocks);
            state = state.Then(accepted.Events);
        }

        // A legal clock whose deadline passed in the case's past is checked then, as the running system would have done:
        // the case records an overdue referral when it was overdue, and only the clocks still running are handed back.
        void CheckClocksDueBy(DateTimeOffset time)
        {
            while (clocks.Where(c => c.DueAt <= time).MinBy(c => c.DueAt) is { } due)
            {
                clocks.Remove(due);
                if (due.Decide(state, due.DueAt, calendar) is Decision.Accepted accepted) Record(accepted);
            }
        }

        // The next step, some minutes to days after the last one; false when that time has not come yet or the decision
        // refused it, and the case then stays where it is.
        bool Step(int minMinutes, int maxMinutes, Func<DateTimeOffset, ICaseCommand> command)
        {
            var next = at.AddMinutes(_random.Int(minMinutes, maxMinutes));
            if (next > now) return false;
            CheckClocksDueBy(next);
            at = next;
            if (command(at).Decide(state, at, calendar) is not Decision.Accepted accepted) return false;
            Record(accepted);
            return true;
        }

        Decision.Accepted Taken()
        {
            CheckClocksDueBy(now);
            return new Decision.Accepted(events) { Clocks = clocks };
        }
        const int Hour = 60, Day = 24 * 60;

        // The same person seen again: by the same reporter or another one of the regency.
        var again = _random.Int(0, 99) switch { < 3 => _random.Int(2, 5), < 13 => 1, _ => 0 };
        for (var k = 0; k < again; k++)
        {
            var by = _random.Bool(0.6f) ? reporter : Busy(office.Reporters);
            Step(2 * Hour, 10 * Day, t => new ReportAdditionalSighting(caseId, sighting with { ObservedAt = t.AddHours(-3) }, by));
        }

        var supervisor = _random.ArrayElement(office.Supervisors);
        if (_random.Bool(0.05f))
        {
            // A report no one could act on: too little to go on, or the same person already reported.
            if (_random.Bool(0.5f))
                Step(3 * Day, 30 * Day, _ => new CloseCase(caseId, _random.Bool(0.5f) ? ClosureReason.Duplicate : ClosureReason.Other, "Nothing to act on.", supervisor));
            return Taken();
        }

        var investigator = Busy(office.Investigators);
        if (!Step(Hour, 3 * Day, _ => new AssignInvestigator(caseId, investigator.UserId, supervisor))) return Taken();
        if (_random.Bool(0.1f)) return Taken();

        var finding = code == Timpora.Cases.Nationalities.Unknown ? VerificationFinding.Unverifiable : Pick(Findings);
        var expires = DateOnly.FromDateTime(at.AddDays(_random.Int(-200, 200)).DateTime);
        if (!Step(Hour, 20 * Day, t => new VerifyIdentity(caseId,
                new VerifiedIdentity(name, code, passport, DateOnly.FromDateTime(t.AddYears(-_random.Int(20, 65)).DateTime), sex),
                new StayPermit(_random.Enum<StayPermitType>(), null, expires, null), finding, _random.Bool(0.03f), null, investigator)))
            return Taken();

        if (finding == VerificationFinding.NotForeignNational)
        {
            Step(Hour, 2 * Day, _ => new CloseCase(caseId, ClosureReason.NoForeignNational, null, investigator));
            return Taken();
        }

        if (_random.Bool(0.06f)) return Taken();
        if (_random.Bool(0.1f)) Step(Hour, 5 * Day, _ => new AddNote(caseId, "Called the sponsor; waiting for the permit copy.", investigator));

        // Referrals to the agencies that know more (the employer for DISNAKER, the police record...), answered by one of
        // the agency's officers in the regency, declined, or left open past their due date.
        var referrals = _random.Int(0, 99) switch { < 7 => 2, < 45 => 1, _ => 0 };
        for (var k = 0; k < referrals; k++)
        {
            var referralId = Guid.CreateVersion7();
            var agency = Pick(ReferralAgencies);
            if (!Step(Hour, 5 * Day, t => new ReferCase(caseId, referralId, agency, "Please check and report your findings.",
                    DateOnly.FromDateTime(t.AddDays(_random.Int(7, 21)).DateTime), investigator)))
                return Taken();
            var answer = _random.Int(0, 99);
            if (answer >= 85) continue;
            var officer = Busy(office.Officers[agency]);
            if (!Step(Day, 18 * Day, _ => new AnswerReferral(caseId, referralId, answer < 75 ? ReferralOutcome.Answered : ReferralOutcome.Declined,
                    "Checked with the employer and the village head.", officer)))
                return Taken();
        }

        if (finding == VerificationFinding.Compliant && _random.Bool(0.5f))
        {
            Step(Hour, 10 * Day, _ => new CloseCase(caseId, ClosureReason.Resolved, "Permit in order.", investigator));
            return Taken();
        }

        if (_random.Bool(0.08f)) return Taken();
        var decisionId = Guid.CreateVersion7();
        var type = Pick(Actions[finding]);
        if (!Step(2 * Day, 30 * Day, t => Action(caseId, decisionId, $"W23.IMI.2-GR.01.01-{caseNumber}", type, code, t, investigator))) return Taken();

        if (type is ActionType.Deportation or ActionType.StayPermitCancelled && _random.Bool(0.08f)
            && Step(Day, 14 * Day, t => new FileObjection(caseId, decisionId, t.AddHours(-2), "The person disputes the facts.", investigator))
            && _random.Bool(0.7f))
            Step(3 * Day, 30 * Day, _ => new DecideObjection(caseId, decisionId, _random.Bool(0.2f) ? ObjectionOutcome.Upheld : ObjectionOutcome.Rejected,
                "Considered the grounds and the file.", supervisor));

        if (_random.Bool(0.5f))
        {
            var verdict = _random.Int(0, 99) switch { < 80 => ReviewVerdict.Compliant, < 92 => ReviewVerdict.NeedsInformation, _ => ReviewVerdict.NonCompliant };
            Step(3 * Day, 60 * Day, _ => new ReviewDecision(caseId, decisionId, verdict,
                [new CriterionFinding(ReviewCriteria.Legality, "Legal basis and written decision on file.")], Busy(Auditing)));
        }

        if (_random.Bool(0.9f)) Step(Day, 45 * Day, _ => new CloseCase(caseId, ClosureReason.Resolved, null, investigator));
        return Taken();
    }

    private static DecideAction Action(Guid caseId, Guid decisionId, string decisionNumber, ActionType type, string nationality, DateTimeOffset at, Actor by) => new(
        caseId, decisionId, type, ["UU 6/2011 Pasal 75 ayat (2)"], decisionNumber, at.AddHours(-1),
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
        by);

    private static Office OfficeOf(string regency)
    {
        var salt = Array.FindIndex(Regencies, r => r.Regency == regency) * 131;
        var reporters = new List<Actor>();
        foreach (var (agency, count) in ReporterAgencies)
            for (var k = 0; k < count; k++)
            {
                var n = reporters.Count + 1;
                reporters.Add(new Actor(ReporterId(regency, n), agency == "PEMDES" ? $"Tim Desa {regency} {n:00}" : PersonName(n, salt), agency, Roles.Reporter));
            }

        return new Office(
            reporters.ToArray(),
            Enumerable.Range(1, InvestigatorsPerRegency)
                .Select(n => new Actor(InvestigatorId(regency, n), PersonName(n, salt + 41), Agencies.Immigration, Roles.Investigator)).ToArray(),
            Enumerable.Range(1, SupervisorsPerRegency)
                .Select(n => new Actor(SupervisorId(regency, n), PersonName(n, salt + 73), Agencies.Immigration, Roles.Supervisor)).ToArray(),
            ReferralAgencies.ToDictionary(a => a.Agency, a => Enumerable.Range(1, OfficersPerAgencyAndRegency)
                .Select(n => new Actor(OfficerId(a.Agency, regency, n), PersonName(n, salt + a.Agency.Length * 17), a.Agency, Roles.AgencyOfficer)).ToArray()));
    }

    private static string PersonName(int number, int salt) =>
        $"{GivenNames[(number * 7 + salt) % GivenNames.Length]} {FamilyNames[(number * 3 + salt * 5) % FamilyNames.Length]}";

    /// <summary>One of <paramref name="people"/>, the first ones more often than the last (a few people do most of the work).</summary>
    private Actor Busy(Actor[] people) => people[(int)(Math.Pow(_random.Double(), 1.8) * people.Length)];

    private (string Code, string Locale, int Weight) PickNationality()
    {
        var roll = _random.Int(0, _nationalityWeights - 1);
        foreach (var choice in Nationalities)
        {
            if (roll < choice.Weight) return choice;
            roll -= choice.Weight;
        }

        return Nationalities[^1];
    }

    private T Pick<T>(IReadOnlyList<(T Value, int Weight)> choices)
    {
        var total = 0;
        foreach (var choice in choices) total += choice.Weight;
        var roll = _random.Int(0, total - 1);
        foreach (var (value, weight) in choices)
        {
            if (roll < weight) return value;
            roll -= weight;
        }

        return choices[^1].Value;
    }

    private Faker FakerFor(string locale)
    {
        // string.GetHashCode differs between processes; the people of a seed must not.
        if (!_fakers.TryGetValue(locale, out var faker))
            _fakers[locale] = faker = new Faker(locale) { Random = new Randomizer(seed ^ StableHash(locale)) };
        return faker;
    }

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text) hash = unchecked(hash * 31 + c);
        return hash;
    }
}
