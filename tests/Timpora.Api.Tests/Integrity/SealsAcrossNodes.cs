using Timpora.Api.Tests.Support;

namespace Timpora.Api.Tests.Integrity;

/// <summary>
/// Two nodes append to the same cases in turn. Each node remembers the seals it committed last, so the other node's
/// appends in between must not be sealed over; and each node hands out case numbers from blocks of its own, which
/// must never overlap.
/// </summary>
public sealed class SealsAcrossNodes
{
    [Fact]
    public async Task a_history_written_by_two_nodes_in_turn_verifies_and_their_case_numbers_never_repeat()
    {
        var database = await SafeguardScenarios.NewDatabase();
        try
        {
            await using var first = await SafeguardScenarios.StartHost(database, new TestClock());
            await using var second = await SafeguardScenarios.StartHost(database, new TestClock());

            var id = await first.ReportedCase();
            await second.PostJson(Users.Investigator, $"/api/cases/{id}/notes", new { text = "Seen at the harbour." }, 200);
            await first.PostJson(Users.Investigator, $"/api/cases/{id}/notes", new { text = "Seen at the market." }, 200);
            await first.PostJson(Users.Investigator, $"/api/cases/{id}/notes", new { text = "Seen at the mosque." }, 200);
            await second.PostJson(Users.Investigator, $"/api/cases/{id}/notes", new { text = "Seen at the bus station." }, 200);
            await first.PostJson(Users.Investigator, $"/api/cases/{id}/verification", Scenarios.Verification(), 200);

            foreach (var node in new[] { first, second })
            {
                var report = await node.GetJson(Users.Auditor, $"/api/cases/{id}/integrity");
                report.GetProperty("valid").GetBoolean().Should().BeTrue();
                report.GetProperty("events").GetInt32().Should().Be(6);
            }

            var numbers = new List<string>();
            for (var i = 0; i < 6; i++)
            {
                foreach (var node in new[] { first, second })
                {
                    var opened = await node.PostJson(Users.Reporter, "/api/cases", Scenarios.Sighting("Barru"), 201);
                    numbers.Add(opened.GetProperty("caseNumber").GetString()!);
                }
            }

            numbers.Should().OnlyHaveUniqueItems().And.OnlyContain(n => n.StartsWith("BARRU-"));
        }
        finally
        {
            await SafeguardScenarios.DropDatabase(database);
        }
    }
}
