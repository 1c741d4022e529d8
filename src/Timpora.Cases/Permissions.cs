namespace Timpora.Cases;

/// <summary>What a caller may do. Every route and command names one; <see cref="Permissions"/> says which roles hold it.</summary>
public enum Permission
{
    ReportSighting,
    AssignInvestigator,
    Investigate,
    AnswerReferral,
    DecideObjection,
    AddNote,
    ReviewDecision,
    ReadCases,

    /// <summary>Workload of every agency, investigators' queues, statistics, profiles, the review queue.</summary>
    ReadProjections,

    /// <summary>The workload of the caller's own agency.</summary>
    ReadOwnAgencyWorkload,

    /// <summary>The non-discrimination monitor (outcomes by nationality).</summary>
    ReadOutcomeMonitor,
}

/// <summary>The table in API.md, "Security", in one place.</summary>
public static class Permissions
{
    private static readonly IReadOnlyDictionary<Permission, string[]> Table = new Dictionary<Permission, string[]>
    {
        [Permission.ReportSighting] = [Roles.Reporter, Roles.Investigator, Roles.AgencyOfficer, Roles.Supervisor],
        [Permission.AssignInvestigator] = [Roles.Supervisor],
        [Permission.Investigate] = [Roles.Investigator, Roles.Supervisor],
        [Permission.AnswerReferral] = [Roles.Investigator, Roles.AgencyOfficer, Roles.Supervisor],
        [Permission.DecideObjection] = [Roles.Supervisor],
        [Permission.AddNote] = [Roles.Reporter, Roles.Investigator, Roles.AgencyOfficer, Roles.Supervisor, Roles.Auditor],
        [Permission.ReviewDecision] = [Roles.Auditor],
        [Permission.ReadCases] = [Roles.Reporter, Roles.Investigator, Roles.AgencyOfficer, Roles.Supervisor, Roles.Auditor],
        [Permission.ReadProjections] = [Roles.Investigator, Roles.Supervisor, Roles.Auditor],
        [Permission.ReadOwnAgencyWorkload] = [Roles.AgencyOfficer],
        [Permission.ReadOutcomeMonitor] = [Roles.Auditor],
    };

    public static IReadOnlyList<string> RolesAllowed(Permission permission) => Table[permission];
}
