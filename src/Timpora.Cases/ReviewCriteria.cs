namespace Timpora.Cases;

/// <summary>The ten standards an auditor checks every decision against (DOMAIN.md, "Human-rights safeguards").</summary>
public static class ReviewCriteria
{
    public const string Legality = "legality";
    public const string Proportionality = "proportionality";
    public const string NonDiscrimination = "nonDiscrimination";
    public const string Vulnerability = "vulnerability";
    public const string NonRefoulement = "nonRefoulement";
    public const string Information = "information";
    public const string ConsularAccess = "consularAccess";
    public const string Review = "review";
    public const string Detention = "detention";
    public const string Remedy = "remedy";

    public static readonly IReadOnlyList<string> All =
    [
        Legality, Proportionality, NonDiscrimination, Vulnerability, NonRefoulement,
        Information, ConsularAccess, Review, Detention, Remedy,
    ];

    /// <summary>Necessity and individual assessment are judged with proportionality (criterion 2).</summary>
    private static readonly IReadOnlySet<string> Accepted = new HashSet<string>(All.Concat(["necessity", "individualAssessment"]), StringComparer.Ordinal);

    public static bool IsKnown(string criterion) => Accepted.Contains(criterion);
}
