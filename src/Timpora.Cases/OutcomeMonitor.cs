namespace Timpora.Cases;

/// <summary>Counts for one nationality over verified cases: how many, which actions were decided, how many saw removal or detention.</summary>
public sealed record NationalityCounts(
    string Nationality,
    long VerifiedCases,
    IReadOnlyDictionary<ActionType, long> ActionsByType,
    long RemovedOrDetainedCases);

public sealed record NationalityOutcome(
    string Nationality,
    long VerifiedCases,
    IReadOnlyDictionary<ActionType, long> ActionsByType,
    long RemovedOrDetainedCases,
    double RemovalOrDetentionRate,
    double? RatioToOverall,
    bool Flagged);

public sealed record OutcomeReport(
    long VerifiedCases,
    long RemovedOrDetainedCases,
    double OverallRate,
    int MinimumVerifiedCases,
    double DisparityFactor,
    IReadOnlyList<NationalityOutcome> Nationalities);

/// <summary>
/// The non-discrimination monitor (DOMAIN.md, criterion 3): per nationality, the share of verified cases that saw a
/// deportation or a detention, against the share over every nationality. A nationality is flagged when its share is
/// more than <see cref="DisparityFactor"/> times the overall one and it has at least <see cref="MinimumVerifiedCases"/>
/// verified cases, below which a rate says more about chance than about practice.
/// </summary>
public static class OutcomeMonitor
{
    public const int MinimumVerifiedCases = 20;
    public const double DisparityFactor = 2.0;

    /// <summary>The actions that take a person's liberty or presence: the ones whose rates are watched.</summary>
    public static readonly IReadOnlySet<ActionType> RemovalOrDetention = new HashSet<ActionType> { ActionType.Deportation, ActionType.Detention };

    public static OutcomeReport Assess(IEnumerable<NationalityCounts> counts)
    {
        var all = counts.Where(c => c.VerifiedCases > 0).ToList();
        var verified = all.Sum(c => c.VerifiedCases);
        var removedOrDetained = all.Sum(c => c.RemovedOrDetainedCases);
        var overall = Rate(removedOrDetained, verified);

        var nationalities = all
            .Select(c =>
            {
                var rate = Rate(c.RemovedOrDetainedCases, c.VerifiedCases);
                return new NationalityOutcome(c.Nationality, c.VerifiedCases, c.ActionsByType, c.RemovedOrDetainedCases, rate,
                    overall > 0 ? rate / overall : null,
                    c.VerifiedCases >= MinimumVerifiedCases && rate > DisparityFactor * overall);
            })
            .OrderByDescending(n => n.Flagged).ThenBy(n => n.Nationality, StringComparer.Ordinal)
            .ToList();

        return new OutcomeReport(verified, removedOrDetained, overall, MinimumVerifiedCases, DisparityFactor, nationalities);
    }

    /// <summary>Plain-language rule for documentation, from the same numbers the monitor uses.</summary>
    public static string Describe() =>
        "For each nationality (as verified): the verified cases, the actions decided on them by type, and the share of "
        + "verified cases that saw a deportation or a detention, against the same share over all nationalities "
        + $"(`overallRate`). A nationality is `flagged` when its share is more than {DisparityFactor:0.#} times the overall "
        + $"share and it has at least {MinimumVerifiedCases} verified cases. Decisions later reversed still count: the "
        + "monitor watches how decisions are taken. Auditors only.";

    private static double Rate(long part, long whole) => whole == 0 ? 0 : (double)part / whole;
}
