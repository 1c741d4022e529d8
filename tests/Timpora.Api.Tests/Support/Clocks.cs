using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
/// The time a host's application sees, and the legal clocks (durable Wolverine messages) driven by the test clock
/// rather than by waiting.
/// </summary>
public static class Clocks
{
    /// <summary>Now, as the application of <paramref name="host"/> tells the time (its <see cref="TimeProvider"/>).</summary>
    public static DateTimeOffset Now(this IHost host) => host.Services.GetRequiredService<TimeProvider>().GetUtcNow();

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
}
