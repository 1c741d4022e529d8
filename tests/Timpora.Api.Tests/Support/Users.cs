using Timpora.Api.Security;
using Timpora.Cases;

namespace Timpora.Api.Tests.Support;

/// <summary>
/// People who call the API in tests, each with a real signed token. A token's lifetime is told by the machine's clock,
/// not the test clock: the bearer handler judges <c>nbf</c> and <c>exp</c> by the machine's clock, so a token dated by a
/// test clock moved days ahead (or stopped in 2025) would be refused.
/// </summary>
public sealed record User(string UserId, string Name, string Agency, params string[] Roles)
{
    public string TokenFor(AuthOptions auth, TimeSpan? lifetime = null) =>
        DevelopmentTokens.Mint(auth, UserId, Name, Agency, Roles, lifetime ?? TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
}

public static class Users
{
    public static readonly User Investigator = new("inv-andi", "Andi Saputra", Agencies.Immigration, Roles.Investigator);
    public static readonly User OtherInvestigator = new("inv-rina", "Rina Wulandari", Agencies.Immigration, Roles.Investigator);
    public static readonly User Supervisor = new("sup-hasan", "Hasan Basri", Agencies.Immigration, Roles.Supervisor);
    public static readonly User Auditor = new("aud-maria", "Maria Ulfa", Agencies.Immigration, Roles.Auditor);
    public static readonly User Reporter = new("rep-lemba", "Village team Lemba", "PEMDES", Roles.Reporter);
    public static readonly User OtherReporter = new("rep-ganra", "Village team Ganra", "PEMDES", Roles.Reporter);
    public static readonly User ManpowerOfficer = new("dis-yusuf", "Yusuf Disnaker", "DISNAKER", Roles.AgencyOfficer);
    public static readonly User PoliceOfficer = new("pol-agus", "Agus Polres", "POLRI", Roles.AgencyOfficer);
}
