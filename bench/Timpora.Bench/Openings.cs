using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Timpora.Bench;

/// <summary>
/// <c>POST /api/cases</c> as the harness sends it (B2): the 2,000 sighting reports B2 cycles
/// through, spread over the regencies so that case-number allocation queues as it would, each with the reporter's
/// token; a request counts when it answers 201 and its body names the new case.
/// </summary>
/// <remarks>
/// Every opening reports a person no earlier opening reported (a passport number of its own): each person's profile
/// lists their cases, so 2,000 people reported again and again would grow 2,000 documents through the whole run, and
/// every later phase would pay more per opening than an earlier one for it. A real day brings mostly new people.
/// </remarks>
public sealed partial class Openings
{
    private static long _people;

    private readonly HttpClient _client;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly (string Before, string? After)[] _halves;

    public Openings(Bench bench, HttpClient client)
    {
        _client = client;
        Token = bench.Token(Bench.Reporter);
        _authorization = new AuthenticationHeaderValue("Bearer", Token);
        var now = bench.Clock.Now;
        Bodies = Enumerable.Range(0, 2000).Select(i => Samples.OpenCaseBody(i, now)).ToArray();
        // Each body split around its passport number once, so a request costs the load generator a concatenation.
        _halves = Bodies.Select(body => Passport().Match(body) is { Success: true } m
            ? (body[..m.Index] + "\"passportNumber\":\"", "\"" + body[(m.Index + m.Length)..])
            : (body, (string?)null)).ToArray();
    }

    /// <summary>The reporter's token every opening carries.</summary>
    public string Token { get; }

    /// <summary>The request bodies, in the order they are sent.</summary>
    public IReadOnlyList<string> Bodies { get; }

    /// <summary>Told the id of every case opened, for loads that act on them afterwards.</summary>
    public Action<Guid>? Opened { get; init; }

    /// <summary>
    /// Sends opening number <paramref name="i"/> (its body is <c>Bodies[i % 2000]</c> with a new passport number) and
    /// returns the new case's id.
    /// </summary>
    public async Task<Guid> Open(long i, CancellationToken cancellation)
    {
        var (before, after) = _halves[i % _halves.Length];
        var body = Encoding.UTF8.GetBytes(after is null ? before : $"{before}H{Interlocked.Increment(ref _people):D9}{after}");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = _authorization;
        using var response = await _client.SendAsync(request, cancellation);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"POST /api/cases answered {(int)response.StatusCode}");
        var id = (await response.Content.ReadFromJsonAsync<Created>(Samples.Json, cancellation))?.Id ?? Guid.Empty;
        if (id == Guid.Empty) throw new InvalidOperationException("POST /api/cases answered 201 without the new case's id");
        Opened?.Invoke(id);
        return id;
    }

    private sealed record Created(Guid Id);

    /// <summary>
    /// A closed-loop load of openings (<see cref="Load.Closed"/>): <paramref name="connections"/> loops, each sending its
    /// next opening when the last is answered, every one with a body of its own.
    /// </summary>
    public Task<LoadResult> Closed(int connections, TimeSpan warmup, TimeSpan duration, Action<string>? progress = null, Action? measuring = null) =>
        Load.Closed(connections, warmup, duration, async (op, cancellation) =>
        {
            await Open(op.Index * connections + op.Worker, cancellation);
            return true;
        }, progress, measuring);

    /// <summary>The passport number in a body (the unknown-nationality bodies have none, and keep none).</summary>
    [GeneratedRegex("\"passportNumber\":\"[^\"]*\"")]
    public static partial Regex Passport();
}
