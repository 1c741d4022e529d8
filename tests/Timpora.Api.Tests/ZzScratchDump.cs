using Timpora.Api.Tests.Support;

namespace Timpora.Api.Tests;

public sealed class ZzScratchDump(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task zz_dump()
    {
        var id = await Host.VerifiedCase();
        await Host.PostJson(Users.Investigator, $"/api/cases/{id}/referrals", new { toAgency = "DISNAKER", reason = "work permit", dueBy = "2025-07-23" }, 201);
        var summary = await Host.GetJson(Users.Investigator, $"/api/cases/{id}");
        var history = await Host.GetJson(Users.Investigator, $"/api/cases/{id}/history");
        var list = await Host.GetJson(Users.Investigator, "/api/cases?status=referred");
        var r = await Host.Scenario(s => { s.Get.Url("/openapi/v1.json"); });
        var doc = await r.ReadAsTextAsync();
        await File.WriteAllTextAsync("/tmp/zz_dump.txt", summary.ToString() + "\n\n" + history + "\n\n" + list + "\n\n" + doc);
    }
}
