using JasperFx;
using Marten;
using Timpora.Api.Infrastructure;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine;
using Wolverine.Attributes;

namespace Timpora.Api.Clocks;

/// <summary>
/// Runs a legal clock when its deadline comes: loads the case for writing, asks the pure decision whether anything is
/// to be recorded (a check delivered twice records nothing the second time), and appends what it gives as the legal
/// clock. A check that arrives before its deadline, by the application's clock, is put back until then.
/// </summary>
public static class LegalClockHandler
{
    [RetryNow(typeof(ConcurrencyException), 50, 100, 250, 500)]
    public static Task Handle(CheckReferralDeadline check, IDocumentSession session, IMessageContext context, OfficeClock clock,
        LegalCalendar calendar, CancellationToken cancellation) =>
        Run(check, session, context, clock, calendar, cancellation);

    [RetryNow(typeof(ConcurrencyException), 50, 100, 250, 500)]
    public static Task Handle(CheckDetentionReview check, IDocumentSession session, IMessageContext context, OfficeClock clock,
        LegalCalendar calendar, CancellationToken cancellation) =>
        Run(check, session, context, clock, calendar, cancellation);

    [RetryNow(typeof(ConcurrencyException), 50, 100, 250, 500)]
    public static Task Handle(CheckObjectionDecision check, IDocumentSession session, IMessageContext context, OfficeClock clock,
        LegalCalendar calendar, CancellationToken cancellation) =>
        Run(check, session, context, clock, calendar, cancellation);

    private static async Task Run(LegalClockCheck check, IDocumentSession session, IMessageContext context, OfficeClock clock,
        LegalCalendar calendar, CancellationToken cancellation)
    {
        var now = clock.Now;
        if (now < check.DueAt)
        {
            // The session carries the outbox: saving it is what stores the check again.
            await context.ScheduleAsync((object)check, check.DueAt - now);
            await session.SaveChangesAsync(cancellation);
            return;
        }

        var stream = await session.Events.FetchForWriting<Case>(check.CaseId, cancellation);
        // A case that no longer exists (erased, or a test database reset) has no deadline left to watch.
        if (stream.Aggregate is not { } state) return;

        if (check.Decide(state, now, calendar) is not Decision.Accepted { Events.Count: > 0 } accepted) return;

        await session.AppendAsync(stream, accepted, LegalClocks.Actor, context.CorrelationId ?? Guid.CreateVersion7(now).ToString(), context, now);
        await session.SaveChangesAsync(cancellation);
    }
}
