using JasperFx;
using Marten;
using Microsoft.Net.Http.Headers;
using Timpora.Api.Security;
using Timpora.Cases;
using Timpora.Cases.Deciding;

namespace Timpora.Api.Infrastructure;

/// <summary>
/// The one way a command reaches a case: check the role (403) before looking anything up, then the request (400), load the case for
/// writing (404 when missing or invisible to the caller), honour <c>If-Match</c> (412), take the pure decision
/// (its refusal becomes problem details), and append its events with the actor and correlation id. A race lost
/// at commit is a 409. A write with an <c>Idempotency-Key</c> already stored is answered as the first time (see
/// <see cref="Idempotency"/>), before <c>If-Match</c>: the first write is what moved the version on.
/// </summary>
public static class CaseWrites
{
    public static async Task<IResult> Decide(
        this IDocumentSession session,
        HttpContext http,
        Guid caseId,
        Permission permission,
        Validation validation,
        Func<Actor, Case, Decision> decide,
        Func<long, IResult> answer)
    {
        var user = CurrentUser.From(http.User);
        if (user.ActingFor(permission) is not { } actor)
            return Problems.Forbidden("Your role may not do this.");
        if (!validation.IsValid)
            return validation.Problem();

        if (!ExpectedVersion.TryRead(http.Request, out var expectedVersion))
            return Problems.Validation(ExpectedVersion.Malformed);
        if (!Idempotency.TryRead(http, user.UserId, out var idempotent))
            return Problems.Validation(Idempotency.Malformed);

        // No case has the empty id, and Marten refuses to look one up.
        if (caseId == Guid.Empty)
            return Problems.NotFound();

        var stream = await session.Events.FetchForWriting<Case>(caseId, http.RequestAborted);
        if (stream.Aggregate is not { } current || !user.CanSee(current))
            return Problems.NotFound();

        // After the fetch: a twin that committed before it is found here; one that commits after it collides at commit.
        if (idempotent is not null && await idempotent.FirstAnswerAsync(session, http.RequestAborted) is { } first)
            return first;

        if (expectedVersion is { } expected && expected != stream.CurrentVersion)
            return Problems.PreconditionFailed(stream.CurrentVersion ?? 0);

        switch (decide(actor, current))
        {
            case Decision.Refused refused:
                return Problems.From(refused.Refusal);

            case Decision.Accepted accepted:
                session.RecordActor(actor, CorrelationId.Of(http));
                stream.AppendMany(accepted.Events);
                var version = (stream.StartingVersion ?? 0) + accepted.Events.Count;
                var reply = await session.AnswerOnce(http, idempotent, answer(version), ETag(version));
                try
                {
                    await session.SaveChangesAsync(http.RequestAborted);
                }
                catch (Exception e) when (e is ConcurrencyException || Idempotency.IsDuplicateKey(e))
                {
                    // The winner may be this request's twin (same key), which then answers for both.
                    return (idempotent is null ? null : await idempotent.FirstAnswerAsync(session, http.RequestAborted))
                           ?? Problems.Conflict("Another change to this case was saved first. Read the case again and retry.");
                }

                http.Response.Headers.ETag = ETag(version);
                return reply;

            default:
                throw new InvalidOperationException("A decision is either accepted or refused.");
        }
    }

    /// <summary>Stamps the events this session appends with who did it and the request's correlation id.</summary>
    public static void RecordActor(this IDocumentSession session, Actor actor, string correlationId)
    {
        session.CorrelationId = correlationId;
        session.SetHeader(CasesStore.Headers.UserId, actor.UserId);
        session.SetHeader(CasesStore.Headers.Name, actor.Name);
        session.SetHeader(CasesStore.Headers.Agency, actor.Agency);
        session.SetHeader(CasesStore.Headers.Role, actor.Role);
    }

    public static string ETag(long version) => new EntityTagHeaderValue($"\"{version}\"").ToString();
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
        if (long.TryParse(header, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
        {
            version = parsed;
            return true;
        }

        return false;
    }
}
