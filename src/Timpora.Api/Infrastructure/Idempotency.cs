using System.Security.Cryptography;
using System.Text;
using JasperFx;
using Marten;
using Npgsql;

namespace Timpora.Api.Infrastructure;

/// <summary>
/// <c>Idempotency-Key</c> on a write (API.md, Writes): the same key and body from the same user answer the first
/// response again and append nothing; the same key with another request is a 422.
/// <para>
/// The key, a hash of the request (method, path, body bytes) and the response are one document, inserted in the
/// same Marten session and so the same transaction as the events: a crash leaves both or neither. The document id
/// is the user and the key, so of two requests with one key racing to commit, PostgreSQL's primary key lets one
/// through; the other waits for it on the index, fails, and answers the response the first stored. Only
/// acknowledged (2xx) writes are remembered: a refusal stores nothing, so retrying it is decided afresh.
/// </para>
/// Keys are kept at least <c>Idempotency:RetentionHours</c> (default 24) and purged hourly by <see cref="IdempotencyCleanup"/>.
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const string RetentionSetting = "Idempotency:RetentionHours";
    private const int MaximumKeyLength = 255;
    private static readonly object RequestItem = new();

    public static readonly IDictionary<string, string[]> Malformed = new Dictionary<string, string[]>
    {
        [Header] = [$"One key of 1 to {MaximumKeyLength} visible ASCII characters, e.g. a UUID."],
    };

    public static IServiceCollection AddCasesIdempotency(this IServiceCollection services)
    {
        services.ConfigureMarten(options => options.Schema.For<IdempotencyRecord>()
            .DocumentAlias("idempotency_key")
            .Duplicate(r => r.RecordedAt));
        services.AddHostedService<IdempotencyCleanup>();
        return services;
    }

    /// <summary>
    /// Hashes the body of a write that carries a key while it can still be read: the endpoint only sees it
    /// deserialized. Runs after authentication, so an anonymous caller never makes the service read a body.
    /// </summary>
    public static IApplicationBuilder UseIdempotencyKeys(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var request = http.Request;
        if (HttpMethods.IsPost(request.Method) && request.Headers.TryGetValue(Header, out var values))
        {
            var key = values.Count == 1 ? Unquoted(values[0] ?? "") : "";
            if (IsUsable(key))
            {
                request.EnableBuffering();
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}{request.QueryString}\n"));
                var chunk = new byte[16 * 1024];
                int read;
                while ((read = await request.Body.ReadAsync(chunk, http.RequestAborted)) > 0) hash.AppendData(chunk, 0, read);
                request.Body.Position = 0;
                http.Items[RequestItem] = new KeyedRequest(key, Convert.ToHexString(hash.GetHashAndReset()));
            }
            else
            {
                http.Items[RequestItem] = MalformedKey.Instance;
            }
        }

        await next(http);
    });

    /// <summary>False when the header is malformed (a 400); else the keyed request, or null when the write carries no key.</summary>
    public static bool TryRead(HttpContext http, string userId, out IdempotentRequest? request)
    {
        request = null;
        if (!http.Request.Headers.ContainsKey(Header)) return true;
        switch (http.Items[RequestItem])
        {
            case KeyedRequest keyed:
                request = new IdempotentRequest(userId, keyed.Key, keyed.Hash);
                return true;
            case MalformedKey:
                return false;
            default:
                throw new InvalidOperationException($"{nameof(UseIdempotencyKeys)} must be in the request pipeline.");
        }
    }

    /// <summary>
    /// The session's commit is answered once: with no key, <paramref name="answer"/> as it is; with one, the answer is
    /// rendered, stored with the key in the session (committed with the events) and sent from what was stored, so the
    /// first response and every replay are the same bytes.
    /// </summary>
    public static async Task<IResult> AnswerOnce(this IDocumentSession session, HttpContext http, IdempotentRequest? request, IResult answer,
        string etag)
    {
        if (request is null) return answer;

        var rendered = new DefaultHttpContext { RequestServices = http.RequestServices };
        await using var body = new MemoryStream();
        rendered.Response.Body = body;
        await answer.ExecuteAsync(rendered);

        var record = new IdempotencyRecord
        {
            Id = request.Id,
            UserId = request.UserId,
            Key = request.Key,
            RequestHash = request.Hash,
            Status = rendered.Response.StatusCode,
            ContentType = rendered.Response.ContentType,
            Body = Encoding.UTF8.GetString(body.ToArray()),
            ETag = etag,
            Location = rendered.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
            RecordedAt = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
        };
        // Insert, never upsert: the primary key is what keeps a concurrent twin from committing a second time.
        session.Insert(record);
        return new StoredAnswer(record, Replayed: false);
    }

    /// <summary>A commit refused because the same user's same key was committed first by another request.</summary>
    public static bool IsDuplicateKey(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DocumentAlreadyExistsException { DocumentType: var type } && type == typeof(IdempotencyRecord)) return true;
            if (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique
                && (unique.TableName?.Contains("idempotency_key", StringComparison.Ordinal) == true
                    || unique.ConstraintName?.Contains("idempotency_key", StringComparison.Ordinal) == true))
                return true;
        }

        return false;
    }

    /// <summary>Deletes the keys recorded before <paramref name="cutoff"/>; their writes may then be repeated as new ones.</summary>
    public static async Task PurgeRecordedBeforeAsync(IDocumentStore store, DateTimeOffset cutoff, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        session.DeleteWhere<IdempotencyRecord>(r => r.RecordedAt < cutoff);
        await session.SaveChangesAsync(cancellation);
    }

    /// <summary>A quoted key is the RFC draft's structured-field string; most clients send it bare.</summary>
    private static string Unquoted(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length >= 2 && trimmed[0] == '"' && trimmed[^1] == '"' ? trimmed[1..^1] : trimmed;
    }

    private static bool IsUsable(string key) => key.Length is > 0 and <= MaximumKeyLength && key.All(c => c is >= ' ' and <= '~');

    private sealed record KeyedRequest(string Key, string Hash);

    private sealed class MalformedKey
    {
        public static readonly MalformedKey Instance = new();
    }
}

/// <summary>A write that carries a key: who sent it, the key, and the hash of method, path and body.</summary>
public sealed record IdempotentRequest(string UserId, string Key, string Hash)
{
    /// <summary>Scoped per user; the length prefix keeps ("a:b", "c") and ("a", "b:c") apart.</summary>
    public string Id => $"{UserId.Length}:{UserId}:{Key}";

    /// <summary>Null when this key has no stored write; else the first response again, or a 422 when the request differs.</summary>
    public async Task<IResult?> FirstAnswerAsync(IDocumentSession session, CancellationToken cancellation)
    {
        // Its own session: this runs after a failed commit too, when the writing session's transaction is gone.
        await using var query = session.DocumentStore.QuerySession();
        var stored = await query.LoadAsync<IdempotencyRecord>(Id, cancellation);
        if (stored is null) return null;
        return stored.RequestHash == Hash
            ? new StoredAnswer(stored, Replayed: true)
            : Problems.Status(StatusCodes.Status422UnprocessableEntity, "The idempotency key was used for another request.",
                "This Idempotency-Key was first sent with another method, path or body; use a new key for a new request.",
                new Dictionary<string, string[]> { [Idempotency.Header] = ["Already used for a different request."] });
    }
}

/// <summary>The first response to a keyed write, as sent: what a repeat of it is answered.</summary>
public sealed record IdempotencyRecord
{
    public string Id { get; init; } = "";
    public string UserId { get; init; } = "";
    public string Key { get; init; } = "";
    public string RequestHash { get; init; } = "";
    public int Status { get; init; }
    public string? ContentType { get; init; }
    public string Body { get; init; } = "";
    public string? ETag { get; init; }
    public string? Location { get; init; }

    /// <summary>UTC: it is copied into a timestamptz column for the purge.</summary>
    public DateTimeOffset RecordedAt { get; init; }
}

/// <summary>Sends a stored response; <c>Idempotent-Replayed: true</c> tells a client its repeat was recognised.</summary>
public sealed record StoredAnswer(IdempotencyRecord Record, bool Replayed) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => Record.Status;

    public async Task ExecuteAsync(HttpContext http)
    {
        var response = http.Response;
        response.StatusCode = Record.Status;
        if (Record.ETag is not null) response.Headers.ETag = Record.ETag;
        if (Record.Location is not null) response.Headers.Location = Record.Location;
        if (Replayed)
        {
            response.Headers[Idempotency.ReplayedHeader] = "true";
            http.RequestServices.GetService<CasesMetrics>()?.IdempotentReplay();
        }
        response.ContentType = Record.ContentType;
        await response.WriteAsync(Record.Body, http.RequestAborted);
    }
}

/// <summary>
/// Purges keys past their retention, at start and then hourly. Every node runs it; the delete is idempotent, and a
/// failure (the database away) only delays the purge to the next hour.
/// </summary>
public sealed class IdempotencyCleanup(IDocumentStore store, TimeProvider time, IConfiguration configuration, ILogger<IdempotencyCleanup> logger)
    : BackgroundService
{
    private readonly TimeSpan _retention = TimeSpan.FromHours(configuration.GetValue(Idempotency.RetentionSetting, 24.0));

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                await Idempotency.PurgeRecordedBeforeAsync(store, time.GetUtcNow() - _retention, stopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Purging expired idempotency keys failed; retrying in an hour.");
            }
        }
        while (await timer.WaitForNextTickAsync(stopping));
    }
}
