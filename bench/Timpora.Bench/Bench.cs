using System.Security.Claims;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases;
using Timpora.Cases.Integrity;

namespace Timpora.Bench;

/// <summary>What every phase shares: the settings, the database, an in-process store configured as the API's, the report.</summary>
public sealed class Bench : IAsyncDisposable
{
    public static readonly Actor Reporter = new("rep-bench", "Tim Desa Bench", "PEMDES", Roles.Reporter);
    public static readonly Actor Investigator = new("inv-bench", "Andi Bench", Agencies.Immigration, Roles.Investigator);

    private Bench(Settings settings, NpgsqlDataSource database, DocumentStore store, IntegrityKeys keys)
    {
        Settings = settings;
        Database = database;
        Store = store;
        Keys = keys;
        Auth = new AuthOptions { SigningKey = settings.SigningKey };
        Clock = new OfficeClock(TimeProvider.System, new ConfigurationBuilder().Build());
    }

    public Settings Settings { get; }

    /// <summary>Straight to PostgreSQL, for the raw baseline and for watching the database from outside the API.</summary>
    /// <summary>
    /// Brings the database to rest before a load: B0 runs on a fresh database, but later phases follow phases that wrote
    /// hundreds of thousands of rows, and autovacuum and the checkpointer would otherwise spend PostgreSQL's CPU during
    /// their measurement (it showed: the same raw INSERT load that matched B0 on a fresh database ran a third slower
    /// after B2). Vacuum and analyse everything, checkpoint, and wait until no autovacuum worker runs.
    /// </summary>
    public async Task Settle(string phase)
    {
        using var status = Ui.Start($"{phase} settling the database (vacuum, analyze, checkpoint)", TimeSpan.FromSeconds(20));
        await using (var vacuum = Database.CreateCommand("vacuum (analyze)"))
        {
            vacuum.CommandTimeout = 600;
            await vacuum.ExecuteNonQueryAsync();
        }

        await using (var checkpoint = Database.CreateCommand("checkpoint"))
            await checkpoint.ExecuteNonQueryAsync();
        for (var waited = 0; waited < 120; waited++)
        {
            await using var busy = Database.CreateCommand("select count(*) from pg_stat_activity where backend_type = 'autovacuum worker'");
            if ((long)(await busy.ExecuteScalarAsync())! == 0) break;
            await Task.Delay(500);
        }
    }

    public NpgsqlDataSource Database { get; }

    /// <summary>Marten configured exactly as the API configures it (CasesStore.ConfigureCases, the same integrity key).</summary>
    public DocumentStore Store { get; }

    public IntegrityKeys Keys { get; }

    public AuthOptions Auth { get; }

    public OfficeClock Clock { get; }

    public Report Report { get; set; } = null!;

    public Ui Ui { get; set; } = null!;

    /// <summary>B2's peak rate of openings over HTTP; B2's latency run and B8 use half of it.</summary>
    public double? PeakHttpWriteRate { get; set; }

    public List<(string Run, long PeakKb)> ApiMemory { get; } = [];

    /// <summary>Key figures by name, for the findings written at the end.</summary>
    public Dictionary<string, double> Facts { get; } = new();

    /// <summary>Where the CPU went during each load, by phase.</summary>
    public List<(string Phase, CpuMeter.Usage Usage, double Throughput)> Cpu { get; } = [];

    public static async Task<Bench> Create(Settings settings)
    {
        var keys = new IntegrityKeys("bench", new Dictionary<string, byte[]> { ["bench"] = Encoding.UTF8.GetBytes(settings.IntegrityKey) });
        var database = new NpgsqlDataSourceBuilder(settings.ConnectionString).Build();
        var store = CreateStore(settings.ConnectionString, keys);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return new Bench(settings, database, store, keys);
    }

    public static DocumentStore CreateStore(string connectionString, IntegrityKeys keys)
    {
        // Marten prints a warning to the console that async projections need a daemon: true here on purpose (the API
        // process runs the daemon), and it would tear through the progress display.
        var console = Console.Out;
        Console.SetOut(TextWriter.Null);
        try
        {
            return DocumentStore.For(options =>
            {
                options.Connection(connectionString);
                options.ConfigureCases(keys);
            });
        }
        finally
        {
            Console.SetOut(console);
        }
    }

    public string Token(Actor actor) =>
        DevelopmentTokens.Mint(Auth, actor.UserId, actor.Name, actor.Agency, [actor.Role], TimeSpan.FromHours(6), DateTimeOffset.UtcNow);

    /// <summary>A request context carrying the same claims a validated token gives, for calling endpoint methods in-process.</summary>
    public static DefaultHttpContext HttpFor(Actor actor) => new()
    {
        User = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(CurrentUser.UserIdClaim, actor.UserId), new Claim(CurrentUser.NameClaim, actor.Name),
            new Claim(CurrentUser.AgencyClaim, actor.Agency), new Claim(CurrentUser.RoleClaim, actor.Role),
        ], "Bearer", CurrentUser.NameClaim, CurrentUser.RoleClaim)),
    };

    /// <summary>The environment the API process runs with: production settings, one node, the run's keys.</summary>
    public Dictionary<string, string> ApiEnvironment(string? connectionString = null) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["ConnectionStrings__Timpora"] = connectionString ?? Settings.ConnectionString,
        ["Auth__SigningKey"] = Settings.SigningKey,
        ["Integrity__KeyId"] = "bench",
        ["Integrity__Key"] = Settings.IntegrityKey,
        ["Projections__Daemon"] = "Solo",
        ["Demo__Seed"] = "false",
        // The load comes from a handful of benchmark users; the per-user limit (600/min) would otherwise answer 429.
        ["RateLimit__PermitsPerMinute"] = "100000000",
    };

    public async Task<long> ScalarAsync(string sql)
    {
        await using var command = Database.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), Report.Invariant);
    }

    public Task<long> NewestEvent() => ScalarAsync($"select coalesce(max(seq_id), 0) from {CasesStore.Schema}.mt_events");

    /// <summary>How far the slowest async projection has got (0 until the daemon has recorded any progress).</summary>
    public Task<long> SlowestProjection() =>
        ScalarAsync($"select coalesce(min(last_seq_id), 0) from {CasesStore.Schema}.mt_event_progression where name not like 'HighWater%'");

    /// <summary>Polls until every async projection has reached the newest event, or the time is up.</summary>
    public async Task<bool> ProjectionsCaughtUp(TimeSpan timeout) => await WaitForProjections(await NewestEvent(), timeout, null);

    /// <summary>
    /// Waits until the async daemon of the API under test has taken in every event already in the store. B1 and the
    /// seeder append in this process, where no daemon runs, so an API started after them begins with a backlog: tens of
    /// thousands of events its daemon projects while it serves the load, which would be charged to the load. Returns the
    /// backlog found and how long the catch-up took; throws when the daemon does not get there in time.
    /// </summary>
    public async Task<(long Backlog, TimeSpan Took)> CatchUp(string phase, TimeSpan timeout)
    {
        var newest = await NewestEvent();
        var backlog = Math.Max(0, newest - await SlowestProjection());
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var status = Ui.Start($"{phase} async projections catching up ({backlog:N0} events behind)", TimeSpan.FromSeconds(Math.Max(1, backlog / 5000.0)));
        if (!await WaitForProjections(newest, timeout, reached => status.Status($"{newest - reached:N0} events behind")))
            throw new TimeoutException($"The API's async projections were still behind event {newest:N0} after {timeout.TotalSeconds:N0} s.");
        return (backlog, clock.Elapsed);
    }

    /// <summary>
    /// The daemon runs in the API's process and says how far it got only in <c>mt_event_progression</c>; nothing tells
    /// another process when that row moves, so the harness reads it every 10 ms (one indexed row, far below the load it
    /// watches) until the slowest projection reaches <paramref name="newest"/>.
    /// </summary>
    private async Task<bool> WaitForProjections(long newest, TimeSpan timeout, Action<long>? progress)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var reached = await SlowestProjection();
            if (reached >= newest) return true;
            progress?.Invoke(reached);
            await Task.Delay(10);
        }

        return false;
    }

    /// <summary>
    /// Gives a newly started API process <see cref="Settings.ApiWarmup"/> of openings, not measured, then settles the
    /// database and lets the daemon catch up with them. Under full load on two cores the process's CPU per opening kept
    /// falling for the first minute or so (1.4 ms in its first half minute, 1.0 ms after a minute and a half): tier-1
    /// compilation runs on a background thread that competes with the load. A node runs for days; the figures are for that.
    /// </summary>
    public async Task WarmApi(string phase, Openings openings)
    {
        if (Settings.ApiWarmup <= TimeSpan.Zero) return;
        using (var warming = Ui.Start($"{phase} first load on the new API process (not measured)", Settings.ApiWarmup))
            await openings.Closed(Settings.Connections, TimeSpan.Zero, Settings.ApiWarmup, warming.Status);
        await CatchUp(phase, TimeSpan.FromMinutes(2));
        await Settle(phase);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await Database.DisposeAsync();
    }
}
