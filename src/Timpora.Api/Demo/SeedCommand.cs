using JasperFx.CommandLine;
using Marten;
using Spectre.Console;
using Timpora.Api.Infrastructure;
using Timpora.Cases;
using Wolverine.Marten.Publishing;
using Wolverine.Runtime;

namespace Timpora.Api.Demo;

public sealed class SeedInput : NetCoreInput
{
    [Description("How many cases to generate")]
    public int CasesFlag { get; set; } = 1000;

    [Description("Random seed: the same seed gives the same people and lifecycles")]
    public int SeedFlag { get; set; } = 2025;

    [Description("Cases appended per transaction")]
    public int BatchFlag { get; set; } = 500;
}

[Description("Generate realistic synthetic cases through the real decisions (demos, benchmarks)", Name = "seed")]
public sealed class SeedCommand : JasperFxAsyncCommand<SeedInput>
{
    private static readonly Actor SeedActor = new("seed", "Synthetic data", Agencies.Immigration, Roles.Investigator);

    public override async Task<bool> Execute(SeedInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var time = host.Services.GetRequiredService<TimeProvider>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        // The legal clocks the seeded decisions start are scheduled through Wolverine, as a request's are: its runtime runs
        // (this process joins the nodes sharing the database while it seeds), the rest of the host does not.
        var wolverine = (IHostedService)host.Services.GetRequiredService<IWolverineRuntime>();
        await wolverine.StartAsync(CancellationToken.None);
        var sessions = host.Services.GetRequiredService<OutboxedSessionFactory>();
        var runtime = host.Services.GetRequiredService<IWolverineRuntime>();

        var numbers = new CaseNumberAllocator(store);
        var clock = host.Services.GetRequiredService<OfficeClock>();
        var generator = new SyntheticCases(input.SeedFlag, clock.Now,
            host.Services.GetRequiredService<LegalCalendar>());
        var clocks = 0L;
        var events = 0L;
        var started = time.GetTimestamp();

        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"Seeding {input.CasesFlag:N0} cases", maxValue: input.CasesFlag);
                for (var done = 0; done < input.CasesFlag; done += input.BatchFlag)
                {
                    var size = Math.Min(input.BatchFlag, input.CasesFlag - done);
                    var openings = Enumerable.Range(0, size).Select(_ => generator.NextOpening()).ToList();
                    var firstNumbers = new Dictionary<(string, int), long>();
                    foreach (var group in openings.GroupBy(o => (o.Regency, o.OpenedAt.Year)))
                        firstNumbers[group.Key] = await numbers.ReserveAsync(group.Key.Regency, group.Key.Year, group.Count(), CancellationToken.None);

                    var now = clock.Now;
                    var messaging = new MessageContext(runtime);
                    await using var session = sessions.OpenSession(messaging);
                    foreach (var (regency, openedAt) in openings)
                    {
                        var caseId = Guid.CreateVersion7(openedAt);
                        var caseNumber = Timpora.Cases.Deciding.CaseNumbers.Format(regency, openedAt.Year, firstNumbers[(regency, openedAt.Year)]++);
                        var seeded = generator.Case(caseId, caseNumber, regency, openedAt);
                        await session.AppendAsync(caseId, seeded, SeedActor, $"seed-{input.SeedFlag}", messaging, now);
                        events += seeded.Events.Count;
                        clocks += seeded.Clocks.Count;
                    }

                    await session.SaveChangesAsync();
                    await messaging.FlushOutgoingMessagesAsync();
                    task.Increment(size);
                }
            });

        await wolverine.StopAsync(CancellationToken.None);
        var seconds = time.GetElapsedTime(started).TotalSeconds;
        AnsiConsole.MarkupLine($"[green]Seeded {input.CasesFlag:N0} cases, {events:N0} events and {clocks:N0} legal clocks in {seconds:N1} s "
                               + $"({events / Math.Max(seconds, 0.001):N0} events/s).[/]");
        return true;
    }
}
