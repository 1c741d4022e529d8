using System.Security.Claims;
using Timpora.Cases;
using RoleNames = Timpora.Cases.Roles;

namespace Timpora.Api.Security;

/// <summary>The caller as the validated token describes them. Nothing else (no header, no body) widens this.</summary>
public sealed record CurrentUser(string UserId, string Name, string Agency, IReadOnlySet<string> Roles)
{
    public const string UserIdClaim = "sub";
    public const string NameClaim = "name";
    public const string AgencyClaim = "agency";
    public const string RoleClaim = "role";

    public static CurrentUser From(ClaimsPrincipal principal) => new(
        principal.FindFirstValue(UserIdClaim) ?? "",
        principal.FindFirstValue(NameClaim) ?? "",
        principal.FindFirstValue(AgencyClaim) ?? "",
        principal.FindAll(RoleClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));

    public bool Has(string role) => Roles.Contains(role);

    /// <summary>
    /// The actor recorded on events for this permission: the first of the caller's roles that allows it,
    /// or null when none does (403).
    /// </summary>
    public Actor? ActingFor(Permission permission) =>
        Permissions.RolesAllowed(permission).FirstOrDefault(Has) is { } role ? new Actor(UserId, Name, Agency, role) : null;

    /// <summary>Investigators, supervisors and auditors of the immigration office see every case.</summary>
    public bool SeesEveryCase =>
        Agency == Agencies.Immigration && (Has(RoleNames.Investigator) || Has(RoleNames.Supervisor) || Has(RoleNames.Auditor));

    /// <summary>
    /// Who sees a case (API.md): the immigration office's investigators, supervisors and auditors every case;
    /// an agency officer the cases referred to their agency; a reporter the cases they reported.
    /// </summary>
    public bool CanSee(Case @case) =>
        SeesEveryCase
        || (Has(RoleNames.AgencyOfficer) && @case.IsReferredTo(Agency))
        || (Has(RoleNames.Reporter) && @case.ReportedBy.Contains(UserId));
}
