using JasperFx.CommandLine;
using Microsoft.Extensions.Options;
using Timpora.Cases;

namespace Timpora.Api.Security;

public sealed class TokenInput : NetCoreInput
{
    [Description("User id (the token's sub)")]
    public string UserFlag { get; set; } = "investigator-1";

    [Description("Display name")]
    public string NameFlag { get; set; } = "Andi Investigator";

    [Description("Agency code, e.g. IMIGRASI, POLRI, DISNAKER")]
    public string AgencyFlag { get; set; } = Agencies.Immigration;

    [Description("Role(s): reporter, investigator, agency-officer, supervisor, auditor (comma separated)")]
    public string RoleFlag { get; set; } = Roles.Investigator;

    [Description("Lifetime in hours")]
    [FlagAlias("hours", true)]
    public int HoursFlag { get; set; } = 8;
}

[Description("Mint a development token signed with Auth:SigningKey, for curl or the /docs page", Name = "token")]
public sealed class TokenCommand : JasperFxCommand<TokenInput>
{
    public override bool Execute(TokenInput input)
    {
        using var host = input.BuildHost();
        var auth = host.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var roles = input.RoleFlag.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = roles.Except(Roles.All).ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine($"Unknown role(s): {string.Join(", ", unknown)}. Roles: {string.Join(", ", Roles.All)}.");
            return false;
        }

        if (!Agencies.All.Contains(input.AgencyFlag))
        {
            Console.Error.WriteLine($"Unknown agency {input.AgencyFlag}. Agencies: {string.Join(", ", Agencies.All)}.");
            return false;
        }

        var token = DevelopmentTokens.Mint(auth, input.UserFlag, input.NameFlag, input.AgencyFlag, roles,
            TimeSpan.FromHours(input.HoursFlag), TimeProvider.System.GetUtcNow());
        Console.WriteLine(token);
        return true;
    }
}
