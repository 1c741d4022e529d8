using CsCheck;
using Timpora.Api.Tests.Support;
using Timpora.Cases;
using Xunit.Abstractions;

namespace Timpora.Api.Tests.Reliability;

/// <summary>
/// Several clients send generated sequences of commands to one case at once, over HTTP, some conditional on the version
/// they last saw, some repeated with an Idempotency-Key. Whatever the interleaving: no answer is a 5xx; every accepted
/// command is in the stream exactly once, at the version it was acknowledged with; each was allowed by the state its
/// predecessors left; and the summary is what replaying the accepted commands in version order gives.
/// </summary>
public sealed class ConcurrentCommands(AppFixture fixture, ITestOutputHelper output) : IntegrationContext(fixture)
{
    private const int Runs = 25;

    [Fact]
    public async Task concurrent_clients_leave_the_case_as_replaying_their_accepted_commands_in_version_order()
    {
        var clients = Command.Any.Array[1, 6].Array[2, 4];

        await clients.SampleAsync(async plans =>
        {
            var id = await Host.OpenCase();
            var outcomes = (await Task.WhenAll(plans.Select(plan => Run(id, plan)))).SelectMany(o => o).ToList();

            outcomes.Should().OnlyContain(o => o.Status == 200 || o.Status == 409 || o.Status == 412,
                "a command is accepted, refused by the case's state or a lost race (409), or stale (412): {0}", string.Join("; ", outcomes));
            outcomes.Where(o => o.Status == 412).Should().NotContain(o => !o.Command.Conditional, "only a conditional command can be stale");

            var accepted = outcomes.Where(o => o.Status == 200).GroupBy(o => o.Version).OrderBy(g => g.Key).ToList();
            foreach (var sameVersion in accepted)
                sameVersion.Select(o => o.Command).Distinct(ReferenceEqualityComparer.Instance).Should().ContainSingle("only a replay shares a version with another answer");

            var events = await Host.Stream(id);
            events.Select(e => e.Version).Should().Equal(Enumerable.Range(1, 1 + accepted.Count).Select(v => (long)v));

            var model = Model.Opened;
            foreach (var version in accepted)
            {
                var command = version.First().Command;
                command.AllowedIn(model).Should().BeTrue("{0} was accepted at version {1} in {2}", command, version.Key, model);
                command.Recorded(events[(int)version.Key - 1].Data).Should().BeTrue("version {0} holds {1}", version.Key, command);
                model = command.Apply(model);
            }

            var summary = await Host.Summary(id);
            summary.GetProperty("version").GetInt64().Should().Be(1 + accepted.Count);
            (summary.GetProperty("status").GetString() == "closed").Should().Be(model.Closed);
            summary.GetProperty("sightings").GetInt32().Should().Be(model.Sightings);
            (summary.GetProperty("assignedTo").ValueKind == System.Text.Json.JsonValueKind.Null ? null : summary.GetProperty("assignedTo").GetString())
                .Should().Be(model.AssignedTo);
        }, iter: Runs, threads: 1, seed: Environment.GetEnvironmentVariable("CSCHECK_SEED"), writeLine: output.WriteLine);
    }

    /// <summary>One client: its commands in order, each If-Match naming the version from its own last acknowledgement.</summary>
    private async Task<List<Outcome>> Run(Guid id, Command[] plan)
    {
        var outcomes = new List<Outcome>();
        long lastSeen = 1;
        foreach (var command in plan)
        {
            var key = command.Repeated ? Guid.NewGuid().ToString() : null;
            var ifMatch = command.Conditional ? $"\"{lastSeen}\"" : null;
            var body = command.Body;
            for (var attempt = 0; attempt < (command.Repeated ? 2 : 1); attempt++)
            {
                var reply = await Host.Post(command.User, $"/api/cases/{id}/{command.Path}", body, ifMatch: ifMatch, idempotencyKey: key);
                var version = reply.IsSuccess ? reply.Json.GetProperty("version").GetInt64() : 0;
                if (reply.IsSuccess) lastSeen = version;
                outcomes.Add(new Outcome(command, reply.Status, version));
            }
        }

        return outcomes;
    }

    private sealed record Outcome(Command Command, int Status, long Version)
    {
        public override string ToString() => $"{Command} → {Status} v{Version}";
    }

    public sealed record Model(bool Closed, string? AssignedTo, int Sightings)
    {
        public static readonly Model Opened = new(false, null, 1);
    }

    /// <summary>A command as the model sees it: when it is allowed, what it changes, and the event that records it.</summary>
    public sealed record Command(string Kind, string Argument, bool Conditional, bool Repeated)
    {
        public static readonly Gen<Command> Any = Gen.Select(
            Gen.Frequency((3, Gen.Const("note")), (2, Gen.Const("assignment")), (1, Gen.Const("closure")), (1, Gen.Const("reopening")), (2, Gen.Const("sightings"))),
            Gen.OneOf("inv-rina", "inv-andi", "inv-budi"),
            Gen.Int[0, 3].Select(n => n == 0),
            Gen.Int[0, 3].Select(n => n == 0),
            (kind, argument, conditional, repeated) => new Command(kind, argument, conditional, repeated));

        public string Path => Kind == "note" ? "notes" : Kind;

        public override string ToString() =>
            $"{Kind}{(Kind == "assignment" ? " " + Argument : "")}{(Conditional ? " if-match" : "")}{(Repeated ? " twice" : "")}";

        public User User => Kind == "assignment" ? Users.Supervisor : Users.Investigator;

        public object Body => Kind switch
        {
            "note" => Bodies.Note($"{Argument} called the employer ({Guid.NewGuid():N})"),
            "assignment" => Bodies.Assignment(Argument),
            "closure" => Bodies.Closure(),
            "reopening" => Bodies.Reopening(),
            _ => Bodies.AdditionalSighting(),
        };

        public bool AllowedIn(Model model) => Kind switch
        {
            "note" => true,
            "reopening" => model.Closed,
            _ => !model.Closed,
        };

        public Model Apply(Model model) => Kind switch
        {
            "assignment" => model with { AssignedTo = Argument },
            "closure" => model with { Closed = true },
            "reopening" => model with { Closed = false },
            "sightings" => model with { Sightings = model.Sightings + 1 },
            _ => model,
        };

        public bool Recorded(object data) => (Kind, data) switch
        {
            ("note", NoteAdded) => true,
            ("assignment", CaseAssigned assigned) => assigned.InvestigatorId == Argument,
            ("closure", CaseClosed) => true,
            ("reopening", CaseReopened) => true,
            ("sightings", AdditionalSightingReported) => true,
            _ => false,
        };
    }
}
