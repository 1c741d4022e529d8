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
    /// The actor recorded on events for this permission: one of the caller's roles that allows it, or null when none
    /// does (403). A role through which the caller sees cases comes first: a police officer whose token also says
    /// "investigator" answers a referral as the agency officer they are, so the rule "own agency only" still holds.
    /// </summary>
    public Actor? ActingFor(Permission permission) =>
        Permissions.RolesAllowed(permission).Where(Has).OrderBy(role => SeesCasesAs(role) ? 0 : 1).FirstOrDefault() is { } role
            ? new Actor(UserId, Name, Agency, role)
            : null;

    private bool SeesCasesAs(string role) => role switch
    {
        RoleNames.Investigator or RoleNames.Supervisor or RoleNames.Auditor => Agency == Agencies.Immigration,
        _ => true,
    };

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
