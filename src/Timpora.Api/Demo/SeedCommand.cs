using JasperFx.CommandLine;
using Marten;
using Spectre.Console;
using Timpora.Api.Infrastructure;
using Timpora.Cases;

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

        var numbers = new CaseNumberAllocator(store);
        var generator = new SyntheticCases(input.SeedFlag, TimeZoneInfo.ConvertTime(time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Makassar")));
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

                    await using var session = store.LightweightSession();
                    session.RecordActor(SeedActor, $"seed-{input.SeedFlag}");
                    foreach (var (regency, openedAt) in openings)
                    {
                        var caseId = Guid.CreateVersion7();
                        var caseNumber = Timpora.Cases.Deciding.CaseNumbers.Format(regency, openedAt.Year, firstNumbers[(regency, openedAt.Year)]++);
                        var caseEvents = generator.Case(caseId, caseNumber, regency, openedAt);
                        session.Events.StartStream<Case>(caseId, caseEvents);
                        events += caseEvents.Count;
                    }

                    await session.SaveChangesAsync();
                    task.Increment(size);
                }
            });

        var seconds = time.GetElapsedTime(started).TotalSeconds;
        AnsiConsole.MarkupLine($"[green]Seeded {input.CasesFlag:N0} cases, {events:N0} events in {seconds:N1} s ({events / Math.Max(seconds, 0.001):N0} events/s).[/]");
        return true;
    }
}
