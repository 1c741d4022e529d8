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
        var database = await Hosts.NewDatabase();
        try
        {
            await using var first = await Hosts.Start(database, new TestClock());
            await using var second = await Hosts.Start(database, new TestClock());

            var id = await first.OpenCase();
            await second.AddNote(id, "Seen at the harbour.");
            await first.AddNote(id, "Seen at the market.");
            await first.AddNote(id, "Seen at the mosque.");
            await second.AddNote(id, "Seen at the bus station.");
            await first.Verify(id);

            foreach (var node in new[] { first, second })
            {
                var report = (await node.Get(Users.Auditor, $"/api/cases/{id}/integrity").Expect(200)).Json;
                report.GetProperty("valid").GetBoolean().Should().BeTrue();
                report.GetProperty("events").GetInt32().Should().Be(6);
            }

            var numbers = new List<string>();
            for (var i = 0; i < 6; i++)
            {
                foreach (var node in new[] { first, second })
                {
                    var opened = (await node.Post(Users.Reporter, "/api/cases", Bodies.Sighting("Barru")).Expect(201)).Json;
                    numbers.Add(opened.GetProperty("caseNumber").GetString()!);
                }
            }

            numbers.Should().OnlyHaveUniqueItems().And.OnlyContain(n => n.StartsWith("BARRU-"));
        }
        finally
        {
            await Hosts.DropDatabase(database);
        }
    }
}
