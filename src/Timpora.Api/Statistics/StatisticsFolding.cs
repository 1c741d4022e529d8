using Marten;
using Timpora.Cases.Statistics;

namespace Timpora.Api.Statistics;

/// <summary>
/// Folds the statistics counters' appended changes into the counters every few seconds
/// (<see cref="StatisticsRollups.FoldAsync"/>). Readers are exact whether or not it has run; it keeps what they add up
/// small. Every node runs it: folds side by side each move different rows, and a failed fold leaves the changes for the
/// next one.
/// </summary>
public sealed class StatisticsFolding(IDocumentStore store, ILogger<StatisticsFolding> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stopping))
        {
            try
            {
                await StatisticsRollups.FoldAsync(store, stopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Folding statistics changes failed; retrying in {Interval}.", Interval);
            }
        }
    }
}
