using System.Globalization;
using JasperFx;
using JasperFx.Events;
using Marten;
using Microsoft.Net.Http.Headers;
using Timpora.Api.Cases;
using Timpora.Api.Security;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine;
using Wolverine.Marten.Publishing;
using Wolverine.Runtime;

namespace Timpora.Api.Infrastructure;

/// <summary>A command's events were accepted and are about to be committed at <see cref="Version"/>: what its answer is made of.</summary>
public sealed record Written<TCommand>(TCommand Command, IReadOnlyList<object> Events, long Version);

/// <summary>
/// Who gives a command and when, at the office: the one reading of the application's clock (its <see cref="TimeProvider"/>,
/// through <see cref="OfficeClock"/>) that a write's validation, new ids and decision all share.
/// </summary>
public sealed record Issued(Actor By, DateTimeOffset At)
{
    /// <summary>The office's date.</summary>
    public DateOnly Today => DateOnly.FromDateTime(At.DateTime);

    /// <summary>A new id for what the command creates (a case, a referral, a decision), ordered by <see cref="At"/>.</summary>
    public Guid NewId() => Guid.CreateVersion7(At);
}

/// <summary>A valid report that opens a case: the case id (the client's, or a new one) and what was seen.</summary>
public sealed record NewCase(Guid CaseId, Sighting Sighting);

/// <summary>
/// The one way a request writes to a case, opening one included. In order: the caller's role (403, before anything is looked
/// up or read), the request read into a command (400), <c>If-Match</c> and <c>Idempotency-Key</c> headers (400 when malformed),
/// the case loaded for writing (404 when missing or invisible to the caller), a keyed repeat answered as the first time (before
/// <c>If-Match</c>: the first write is what moved the version on), <c>If-Match</c> (412), the pure decision (its refusal becomes
/// problem details), then the events appended with the actor and correlation id, the legal clocks the decision started scheduled
/// in the same transaction, and the answer (stored with an idempotency key). A race lost at commit is a 409.
/// <para>
/// One pipeline of our own rather than Wolverine middleware: the idempotent answer is rendered and stored inside the transaction
/// it answers for, and a lost race consults the twin that won; both depend on the order of the steps, which reads here in one
/// place instead of across generated frames.
/// </para>
/// </summary>
public sealed class CaseWriter(
    IHttpContextAccessor requests,
    OutboxedSessionFactory sessions,
    IWolverineRuntime wolverine,
    OfficeClock clock,
    LegalCalendar calendar,
    CaseNumberAllocator caseNumbers)
{
    private HttpContext Http => requests.HttpContext ?? throw new InvalidOperationException("A case is written while answering a request.");

    /// <summary>A command against an existing case; answered 200 with the case id and its new version unless <paramref name="answer"/> says otherwise.</summary>
    public async Task<IResult> Decide<TRequest, TCommand>(
        Guid caseId, TRequest? request, Func<TRequest, Issued, Validated<TCommand>> read, Func<Written<TCommand>, IResult>? answer = null)
        where TRequest : class
        where TCommand : ICaseCommand, ICommand
    {
        var http = Http;
        var user = CurrentUser.From(http.User);
        if (user.ActingFor(TCommand.Permission) is not { } actor) return Problems.Forbidden("Your role may not do this.");
        var now = clock.Now;
        if (!Read(request, new Issued(actor, now), read).TryGet(out var command, out var invalid)) return invalid.Problem();
        if (!ExpectedVersion.TryRead(http.Request, out var expectedVersion)) return Problems.Validation(ExpectedVersion.Malformed);
        if (!Idempotency.TryRead(http, user.UserId, out var idempotent)) return Problems.Validation(Idempotency.Malformed);
        // No case has the empty id, and Marten refuses to look one up.
        if (caseId == Guid.Empty) return Problems.NotFound();

        var messaging = new MessageContext(wolverine);
        await using var session = sessions.OpenSession(messaging);
        var stream = await session.Events.FetchForWriting<Case>(caseId, http.RequestAborted);
        if (stream.Aggregate is not { } current || !user.CanSee(current)) return Problems.NotFound();

        // After the fetch: a twin that committed before it is found here; one that commits after it collides at commit.
        if (idempotent is not null && await idempotent.FirstAnswerAsync(session, http.RequestAborted) is { } first) return first;
        if (expectedVersion is { } expected && expected != stream.CurrentVersion) return Problems.PreconditionFailed(stream.CurrentVersion ?? 0);

        var decision = command.Decide(current, now, calendar);
        if (decision is Decision.Refused refused) return Problems.From(refused.Refusal);
        var accepted = (Decision.Accepted)decision;

        var version = (stream.StartingVersion ?? 0) + accepted.Events.Count;
        await session.AppendAsync(stream, accepted, actor, CorrelationId.Of(http), messaging, now);
        var reply = answer?.Invoke(new Written<TCommand>(command, accepted.Events, version))
                    ?? TypedResults.Ok(new CaseWritten(caseId, version));
        return await CommitAsync(session, idempotent, reply, version)
               // The winner may be this request's twin (same key), which then answers for both.
               ?? (idempotent is null ? null : await idempotent.FirstAnswerAsync(session, http.RequestAborted))
               ?? Problems.Conflict("Another change to this case was saved first. Read the case again and retry.");
    }

    /// <summary>
    /// A report that opens a case (201). A repeat of the same id and report, sent again or twice at once, is answered as the
    /// first and appends nothing; the same id with another report is a 409.
    /// </summary>
    public async Task<IResult> Open<TRequest>(TRequest? request, Func<TRequest, Issued, Validated<NewCase>> read) where TRequest : class
    {
        var http = Http;
        var user = CurrentUser.From(http.User);
        if (user.ActingFor(ReportSighting.Permission) is not { } actor) return Problems.Forbidden("Your role may not report sightings.");
        var now = clock.Now;
        if (!Read(request, new Issued(actor, now), read).TryGet(out var newCase, out var invalid)) return invalid.Problem();
        if (!Idempotency.TryRead(http, user.UserId, out var idempotent)) return Problems.Validation(Idempotency.Malformed);

        var messaging = new MessageContext(wolverine);
        await using var session = sessions.OpenSession(messaging);
        if (idempotent is not null && await idempotent.FirstAnswerAsync(session, http.RequestAborted) is { } first) return first;

        var regency = newCase.Sighting.Location.Regency;
        var caseNumber = await caseNumbers.NextAsync(regency, now.Year, http.RequestAborted);
        var command = new ReportSighting(newCase.CaseId, caseNumber, newCase.Sighting, actor);
        var accepted = (Decision.Accepted)CaseDecisions.Decide(command, now);

        await session.AppendAsync(newCase.CaseId, accepted, actor, CorrelationId.Of(http), messaging, now);
        var reply = await CommitAsync(session, idempotent, Opened(newCase.CaseId, caseNumber), version: 1);
        if (reply is not null) return reply;

        // A case with this id exists: the report is a repeat (sent again, or twice at once) or another report with the same id.
        // Looking only now, rather than before every append, keeps a first report to one round trip and a commit. Nothing was
        // stored, so the number goes back for the next opening.
        await caseNumbers.GiveBackAsync(caseNumber, regency, now.Year);
        if (idempotent is not null && await idempotent.FirstAnswerAsync(session, http.RequestAborted) is { } stored) return stored;
        return await AnswerRepeatAsync(session, command, http.RequestAborted) ?? Problems.Conflict("A case with this id already exists.");
    }

    public static string ETag(long version) => new EntityTagHeaderValue($"\"{version.ToString(CultureInfo.InvariantCulture)}\"").ToString();

    private static Validated<T> Read<TRequest, T>(TRequest? request, Issued issued, Func<TRequest, Issued, Validated<T>> read) where TRequest : class =>
        request is null ? Validated<T>.Refused("body", "A request body is required.") : read(request, issued);

    /// <summary>
    /// Commits the session (Wolverine's outbox, enlisted in it, stores the scheduled clocks in the same transaction) and answers
    /// once (the answer is stored with an idempotency key, in the same transaction too); null when
    /// another write won the race at commit (the case moved on, its id was taken, or a twin with the same key committed first).
    /// </summary>
    private async Task<IResult?> CommitAsync(IDocumentSession session, IdempotentRequest? idempotent, IResult answer, long version)
    {
        var http = Http;
        var reply = await session.AnswerOnce(http, idempotent, answer, ETag(version));
        try
        {
            await session.SaveChangesAsync(http.RequestAborted);
        }
        catch (Exception e) when (e is ConcurrencyException or Marten.Exceptions.ExistingStreamIdCollisionException || Idempotency.IsDuplicateKey(e))
        {
            return null;
        }

        http.Response.Headers.ETag = ETag(version);
        return reply;
    }

    private IResult Opened(Guid caseId, string caseNumber)
    {
        Http.Response.Headers.ETag = ETag(1);
        return TypedResults.Created($"/api/cases/{caseId}", new CaseOpened(caseId, caseNumber, 1));
    }

    /// <summary>Null when no case has this id after all; else the first answer again, or a 409 when the report differs.</summary>
    private async Task<IResult?> AnswerRepeatAsync(IDocumentSession session, ReportSighting command, CancellationToken cancellation)
    {
        await using var query = session.DocumentStore.QuerySession();
        var events = await query.Events.FetchStreamAsync(command.CaseId, version: 1, token: cancellation);
        if (events.Count == 0) return null;

        return events[0].Data is SightingReported original && (command with { CaseNumber = original.CaseNumber }).Repeats(original)
            ? Opened(command.CaseId, original.CaseNumber)
            : Problems.Conflict("A case with this id already exists with another report.");
    }
}

/// <summary>How accepted decisions reach a case's stream, whoever took them: a request, a legal clock, the demo data, the seeder.</summary>
public static class CaseStreams
{
    /// <summary>
    /// Appends the events of a decision on an existing case, as <paramref name="actor"/>, and schedules the clocks it started;
    /// <paramref name="now"/> is the application's time as the events are appended (a seeded decision may be dated earlier).
    /// </summary>
    public static Task AppendAsync(this IDocumentSession session, IEventStream<Case> stream, Decision.Accepted accepted, Actor actor,
        string correlationId, IMessageContext messaging, DateTimeOffset now)
    {
        session.RecordActor(actor, correlationId);
        stream.AppendMany(accepted.Events);
        return ScheduleClocksAsync(accepted, correlationId, messaging, now);
    }

    /// <summary>Starts a case's stream with the events of the decision that opened it.</summary>
    public static Task AppendAsync(this IDocumentSession session, Guid caseId, Decision.Accepted accepted, Actor actor, string correlationId,
        IMessageContext messaging, DateTimeOffset now)
    {
        session.RecordActor(actor, correlationId);
        session.Events.StartStream<Case>(caseId, accepted.Events);
        return ScheduleClocksAsync(accepted, correlationId, messaging, now);
    }

    /// <summary>Stamps the events this session appends with who did it and the correlation id of the request.</summary>
    public static void RecordActor(this IDocumentSession session, Actor actor, string correlationId)
    {
        session.CorrelationId = correlationId;
        session.SetHeader(CasesStore.Headers.UserId, actor.UserId);
        session.SetHeader(CasesStore.Headers.Name, actor.Name);
        session.SetHeader(CasesStore.Headers.Agency, actor.Agency);
        session.SetHeader(CasesStore.Headers.Role, actor.Role);
    }

    /// <summary>
    /// The message context's outbox is enlisted in the session, so each check is stored in the transaction that stores the
    /// events: a refused or failed write starts no clock, and an accepted one cannot lose its clock.
    /// </summary>
    private static async Task ScheduleClocksAsync(Decision.Accepted accepted, string correlationId, IMessageContext messaging, DateTimeOffset now)
    {
        if (accepted.Clocks.Count == 0) return;

        // The clock's event will carry the correlation id of the request that started it.
        messaging.CorrelationId = correlationId;
        foreach (var check in accepted.Clocks)
        {
            // Wolverine compares scheduled times with the machine's clock; a delay measured on the application's clock keeps
            // the two in step wherever the application's clock stands.
            await messaging.ScheduleAsync((object)check, check.DueAt - now);
        }
    }
}

/// <summary><c>If-Match: "7"</c> names the version the client last saw.</summary>
public static class ExpectedVersion
{
    public static readonly IDictionary<string, string[]> Malformed = new Dictionary<string, string[]>
    {
        ["If-Match"] = ["If-Match must be the case version from an ETag, e.g. \"7\"."],
    };

    public static bool TryRead(HttpRequest request, out long? version)
    {
        version = null;
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*") return true;

        if (header.StartsWith("W/", StringComparison.Ordinal)) header = header[2..];
        header = header.Trim('"');
        if (long.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            version = parsed;
            return true;
        }

        return false;
    }
}
