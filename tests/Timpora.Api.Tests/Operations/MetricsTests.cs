using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Timpora.Api.Infrastructure;
using Timpora.Api.Tests.Support;

namespace Timpora.Api.Tests.Operations;

/// <summary>API.md, "Operations": <c>GET /metrics</c>, Prometheus text without a token, with requests, database commands and projection lag.</summary>
public sealed partial class MetricsTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task metrics_show_requests_database_commands_and_each_projections_lag()
    {
        for (var i = 0; i < 3; i++) await Host.OpenCase();
        await Host.ProjectionsCaughtUp();

        // The request and database series are there. (Their values are not compared between scrapes: in this test
        // process several hosts come and go, and each host's exporter reads the others' meters too.)
        var after = await Scrape();
        Sum(after, "http_server_request_duration_seconds_count", "/api/cases").Should().BePositive("requests are counted by route");
        after.Should().MatchRegex("(?m)^db_client_commands_duration_seconds_count", "Npgsql's commands are measured");

        // The projections' figures are read in the background while scraped; here, read now.
        await Host.Services.GetRequiredService<CasesMetrics>().RefreshAsync(CancellationToken.None);
        LagOf(await Scrape(), "CaseFacts:All").Should().Be(0, "the projection has caught up");
    }

    [Fact]
    public async Task metrics_need_no_token_and_are_prometheus_text()
    {
        var reply = await Host.Get(null, "/metrics").Expect(200);

        reply.ContentType.Should().StartWith("text/plain");
        reply.Text.Should().Contain("# TYPE");
    }

    private async Task<string> Scrape() => (await Host.Get(null, "/metrics").Expect(200)).Text;

    private static double Sum(string scrape, string series, string route) =>
        scrape.Split('\n')
            .Where(line => line.StartsWith(series + "{", StringComparison.Ordinal) && line.Contains($"http_route=\"{route}\"", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    private static double? LagOf(string scrape, string projection) =>
        Lag().Matches(scrape).FirstOrDefault(match => match.Groups["projection"].Value == projection) is { } found
            ? double.Parse(found.Groups["value"].Value, CultureInfo.InvariantCulture)
            : null;

    [GeneratedRegex("(?m)^timpora_projection_lag[a-z_]*\\{[^}]*projection=\"(?<projection>[^\"]+)\"[^}]*\\} (?<value>[0-9.e+-]+)")]
    private static partial Regex Lag();
}
