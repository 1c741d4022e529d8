using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using JasperFx.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Timpora.Cases.Deciding;
using Wolverine;
using Wolverine.Persistence.Durability.ScheduledMessageManagement;
using Wolverine.RDBMS;
using Wolverine.Runtime;
using Wolverine.Tracking;

namespace Timpora.Api.Tests.Support;

/// <summary>
/// The application's clock in tests: the machine's time unless a test moves it (ahead by a span, or to a fixed
/// moment). Every test starts from the machine's time again.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private readonly Lock _lock = new();
    private TimeSpan _ahead;
    private DateTimeOffset? _fixedAt;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock) return _fixedAt ?? TimeProvider.System.GetUtcNow() + _ahead;
    }

    /// <summary>Stops the clock at <paramref name="moment"/>; <see cref="Advance"/> then moves it on from there.</summary>
    public void StopAt(DateTimeOffset moment)
    {
        lock (_lock) _fixedAt = moment;
    }

    public void Advance(TimeSpan span)
    {
        lock (_lock)
        {
            if (_fixedAt is { } moment) _fixedAt = moment + span;
            else _ahead += span;
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _ahead = TimeSpan.Zero;
            _fixedAt = null;
        }
    }
}

/// <summary>
/// Decisions carrying exactly what the safeguards ask of each type, objections, and the legal clocks driven by the
/// test clock rather than by waiting.
/// </summary>
public static class SafeguardScenarios
{
    public const string LegalBasis = "UU 6/2011 Pasal 75 ayat (2)";

    /// <summary>A decision of <paramref name="type"/> carrying everything its row of the table asks, and nothing more.</summary>
    public static JsonObject CompleteDecision(string type)
    {
        var decision = new JsonObject
        {
            ["type"] = type,
            ["legalBasis"] = new JsonArray(LegalBasis),
            ["justification"] = "Worked at a construction site in Lemba on a visit permit that expired on 30 June 2025.",
        };
        if (type == "noAction") return decision;

        var safeguards = new JsonObject { ["informedInLanguage"] = "zh", ["interpreterProvided"] = true, ["objectionRightNotified"] = true };
        decision["safeguards"] = safeguards;
        if (type is "cekalListing" or "stayPermitCancelled" or "stayPermitRestricted" or "stayPermitChanged" or "placeBan"
            or "residenceObligation" or "deportation" or "detention")
            decision["decisionNumber"] = "W23.IMI.2-GR.04.01-0123";

        switch (type)
        {
            case "deportation":
                safeguards["consularAccess"] = "declined";
                safeguards["nonRefoulement"] = new JsonObject
                {
                    ["destination"] = "CHN", ["riskAssessed"] = true, ["assessedBy"] = "Seksi Intelijen Kanim Parepare", ["conclusion"] = "No risk identified",
                };
                break;
            case "detention":
                safeguards["consularAccess"] = "notApplicable";
                safeguards["alternativesConsidered"] = new JsonArray(new JsonObject
                {
                    ["measure"] = "residenceObligation", ["rejectedBecause"] = "No fixed address: he slept at the construction site",
                });
                decision["detention"] = new JsonObject
                {
                    ["place"] = "Rudenim Makassar", ["startsAt"] = "2025-07-14T09:00:00+08:00", ["reviewBy"] = "2025-08-13T09:00:00+08:00",
                };
                break;
            case "fee":
                decision["fee"] = new JsonObject { ["amount"] = 1_000_000, ["currency"] = "IDR" };
                break;
        }

        return decision;
    }

    public static readonly string[] AllTypes =
    [
        "cekalListing", "stayPermitRestricted", "stayPermitChanged", "stayPermitCancelled", "placeBan", "residenceObligation",
        "fee", "deportation", "detention", "warning", "noAction",
    ];

    /// <summary>Changes one part of a JSON body: <c>null</c> removes it.</summary>
    public static JsonObject With(this JsonObject body, string path, JsonNode? value)
    {
        var copy = body.DeepClone().AsObject();
        var parts = path.Split('.');
        var parent = copy;
        foreach (var part in parts[..^1])
        {
            if (parent[part] is not JsonObject child) parent[part] = child = new JsonObject();
            parent = child;
        }

        if (value is null) parent.Remove(parts[^1]);
        else parent[parts[^1]] = value;
        return copy;
    }

    public static Task<Reply> Decide(this IAlbaHost host, Guid caseId, JsonObject decision, User? by = null) =>
        host.PostRaw(by ?? Users.Investigator, $"/api/cases/{caseId}/actions", decision.ToJsonString());

    public static async Task<Guid> Decided(this IAlbaHost host, Guid caseId, JsonObject decision)
    {
        var reply = await host.Decide(caseId, decision);
        reply.Status.Should().Be(201, reply.Text);
        return reply.Json.GetProperty("decisionId").GetGuid();
    }

    public static Task<Reply> Object(this IAlbaHost host, Guid caseId, Guid decisionId, DateTimeOffset filedAt, User? by = null,
        string grounds = "He holds a pending application for a work permit (RPTKA).") =>
        host.Post(by ?? Users.Investigator, $"/api/cases/{caseId}/actions/{decisionId}/objection", new { filedAt, grounds });

    public static Task<Reply> DecideObjection(this IAlbaHost host, Guid caseId, Guid decisionId, string outcome, User? by = null) =>
        host.Post(by ?? Users.Supervisor, $"/api/cases/{caseId}/actions/{decisionId}/objection/decision",
            new { outcome, note = "The work permit was granted before the decision." });

    public static JsonElement ActionIn(this JsonElement summary, Guid decisionId) =>
        summary.GetProperty("actions").EnumerateArray().Single(a => a.GetProperty("decisionId").GetGuid() == decisionId);

    public static IReadOnlyList<string> EventTypes(this IEnumerable<JasperFx.Events.IEvent> events) =>
        events.Select(e => e.EventType.Name).ToList();

    // Legal clocks

    private static IWolverineRuntime Runtime(this IHost host) => host.Services.GetRequiredService<IWolverineRuntime>();

    /// <summary>The checks waiting in Wolverine's durable storage.</summary>
    public static async Task<IReadOnlyList<ScheduledMessageSummary>> ScheduledClocks(this IHost host)
    {
        var results = await host.Runtime().Storage.ScheduledMessages.QueryAsync(new ScheduledMessageQuery { PageSize = 1000 }, CancellationToken.None);
        return results.Messages;
    }

    /// <summary>Drops every scheduled check: those left by earlier tests belong to cases the data reset removed.</summary>
    public static Task ForgetScheduledClocks(this IHost host) =>
        host.Runtime().Storage.ScheduledMessages.CancelAsync(new ScheduledMessageQuery { PageSize = 10_000 }, CancellationToken.None);

    /// <summary>
    /// Moves the application's clock on, and Wolverine's stored schedule with it. Wolverine compares stored execution
    /// times with the machine's clock, which a test cannot move; moving every stored time back by the same span is
    /// the same passage of time seen from the scheduler.
    /// </summary>
    public static async Task AdvanceClock(this IHost host, TestClock clock, TimeSpan span)
    {
        clock.Advance(span);
        var scheduled = host.Runtime().Storage.ScheduledMessages;
        foreach (var message in await host.ScheduledClocks())
            if (message.ScheduledTime is { } at)
                await scheduled.RescheduleAsync(message.Id, at - span, CancellationToken.None);
    }

    /// <summary>
    /// Has Wolverine run the checks that are due, as its durability agent does every few seconds, and waits until the
    /// check of <paramref name="caseId"/> has been handled. The agent's own poll is the fallback should it hold the
    /// scheduler's lock at that moment.
    /// </summary>
    public static Task<ITrackedSession> RunDueClocks(this IHost host, Guid caseId) =>
        host.TrackActivity()
            .Timeout(TimeSpan.FromSeconds(30))
            .WaitForCondition(new ClockCheckHandled(caseId))
            .ExecuteAndWaitAsync((Func<IMessageContext, Task>)(_ => host.PollScheduledMessages()));

    public static Task PollScheduledMessages(this IHost host)
    {
        var runtime = host.Runtime();
        return ((IMessageDatabase)runtime.Storage).PollForScheduledMessagesAsync(runtime, runtime.Logger, runtime.DurabilitySettings, CancellationToken.None);
    }

    private sealed class ClockCheckHandled(Guid caseId) : ITrackedCondition
    {
        private volatile bool _handled;

        public void Record(EnvelopeRecord record)
        {
            if (record.MessageEventType == MessageEventType.ExecutionFinished && record.Message is LegalClockCheck check && check.CaseId == caseId)
                _handled = true;
        }

        public bool IsCompleted() => _handled;
    }

    // Hosts of their own

    /// <summary>A fresh database on the test server, for hosts that must not share the assembly host's database.</summary>
    public static async Task<string> NewDatabase()
    {
        var shared = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ConnectionStrings__Timpora"));
        var name = $"timpora_{Guid.NewGuid():N}"[..24];
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(shared.ConnectionString) { Database = "postgres" }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(shared.ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Removes a database made by <see cref="NewDatabase"/>, whatever connections its hosts left open.</summary>
    public static async Task DropDatabase(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString);
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {database.Database} with (force)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>The application as the assembly fixture starts it, on another database, with its own clock and settings.</summary>
    public static async Task<IAlbaHost> StartHost(string connectionString, TestClock clock, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var configuration = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["ConnectionStrings:Timpora"] = connectionString,
            ["Demo:Seed"] = "false",
            ["RateLimit:PermitsPerMinute"] = "1000000",
            ["Projections:Daemon"] = "Solo",
        };

        JasperFxEnvironment.AutoStartHost = true;
        var host = await AlbaHost.For<Program>(builder =>
        {
            // In-memory settings come last, so they win over the shared database's environment variable.
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(configuration));
            builder.ConfigureServices(services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                services.RunWolverineInSoloMode();
                services.DisableAllExternalWolverineTransports();
            });
        });

        if (host.Services.GetRequiredService<IConfiguration>().GetConnectionString("Timpora") != connectionString)
        {
            await host.DisposeAsync();
            throw new InvalidOperationException("The host would have used the shared database.");
        }

        return host;
    }
}
