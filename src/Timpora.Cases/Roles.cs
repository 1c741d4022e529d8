namespace Timpora.Cases;

/// <summary>The roles a token may carry (API.md, "Security").</summary>
public static class Roles
{
    public const string Reporter = "reporter";
    public const string Investigator = "investigator";
    public const string AgencyOfficer = "agency-officer";
    public const string Supervisor = "supervisor";
    public const string Auditor = "auditor";

    public static readonly IReadOnlyList<string> All = [Reporter, Investigator, AgencyOfficer, Supervisor, Auditor];
}

/// <summary>The member agencies of a TIMPORA (API.md, "Agency codes").</summary>
public static class Agencies
{
    public const string Immigration = "IMIGRASI";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        "IMIGRASI", "POLRI", "KEJAKSAAN", "BIN", "TNI", "DISNAKER", "DUKCAPIL", "DISDIK",
        "KEMENAG", "KESBANGPOL", "SATPOLPP", "PEMDES",
    };
}
