using Marten;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine;

namespace Timpora.Api.Clocks;

/// <summary>
/// Starts the legal clocks that the events of a write set running. The checks are scheduled through the request's
/// Wolverine message context, whose outbox is enlisted in the same Marten session: they are stored in the transaction
/// that stores the events, so a refused or failed write starts no clock and an accepted one cannot lose its clock.
/// </summary>
public sealed class LegalClockScheduler(LegalCalendar calendar, TimeProvider time)
{
    /// <summary>Watches what <paramref name="session"/> is about to append, and schedules through <paramref name="messaging"/> the checks it starts.</summary>
    public void Watch(IDocumentSession session, IMessageContext messaging) => session.Listeners.Add(new StartClocks(calendar, time, messaging));

    private sealed class StartClocks(LegalCalendar calendar, TimeProvider time, IMessageContext messaging) : DocumentSessionListenerBase
    {
        public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
        {
            var checks = session.PendingChanges.Streams()
                .SelectMany(stream => stream.Events)
                .SelectMany(e => LegalClocks.StartedBy(e.Data, calendar))
                .ToList();
            if (checks.Count == 0) return;

            // The clock's event will carry the correlation id of the request that started it.
            messaging.CorrelationId = session.CorrelationId;
            var now = time.GetUtcNow();
            foreach (var check in checks)
            {
                // Wolverine compares scheduled times with the machine's clock; a delay measured on the application's
                // clock keeps the two in step wherever the application's clock stands.
                await messaging.ScheduleAsync((object)check, check.DueAt - now);
            }
        }
    }
}
