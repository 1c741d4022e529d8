using Marten;
using Marten.Linq;
using Microsoft.Extensions.DependencyInjection;
using Timpora.Api.Tests.Support;
using Timpora.Cases;

namespace Timpora.Api.Tests;

public sealed class ZzScratchDump(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task zz_dump()
    {
        await using var session = Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var f = DateTimeOffset.UtcNow;
        var cmd = session.Query<Case>().Where(c => c.OpenedAt >= f && c.Status == CaseStatus.ActionTaken).OrderByDescending(c => c.OpenedAt).ToCommand(FetchType.FetchMany);
        await File.WriteAllTextAsync("/tmp/zz_sql.txt", cmd.CommandText + "\n" + string.Join("\n", cmd.Parameters.Select(p => p.ParameterName + "=" + p.Value + " " + p.NpgsqlDbType)));
    }
}
