using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Timpora.Faults;

/// <summary>
/// Writers open cases and add notes as fast as the API answers, for a bounded time and number of requests. Every write
/// carries a unique marker in its body and an Idempotency-Key, and is retried with the same key after a 503, a 409,
/// a timeout or a broken connection, as a careful client would, until it is acknowledged. Every acknowledgement
/// (marker, case, version) goes to the acks file for <see cref="Verify"/>; every request to the summary.
/// </summary>
public static class Load
{
    private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(45);
    private const int MaximumAttempts = 300;

    public static async Task<int> RunAsync(Options options)
    {
        var apis = options.Required("api").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var duration = TimeSpan.FromSeconds(options.Int("seconds", 40));
        var writers = options.Int("writers", 8);
        var budget = options.Int("max-requests", 20_000);
        var acksPath = options.Required("acks");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Investigator());
        var journal = new Journal();
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            var random = new Random(writer);
            var cases = new List<Guid>();
            while (clock.Elapsed < duration && journal.Requests < budget)
            {
                var marker = $"fault {Guid.NewGuid():N}";
                var write = cases.Count == 0 || random.NextDouble() < 0.25
                    ? new Write("opening", "/api/cases", Opening(marker), marker)
                    : new Write("note", $"/api/cases/{cases[random.Next(cases.Count)]}/notes", new { text = marker }, marker);
                var ack = await UntilAcknowledged(http, apis, write, writer, journal, clock);
                if (ack is not null && ack.Kind == "opening") cases.Add(ack.CaseId);
            }
        })));

        await File.WriteAllLinesAsync(acksPath, journal.Acks.Select(a => JsonSerializer.Serialize(a)));
        if (options.Optional("attempts") is { } attemptsPath)
            await File.WriteAllLinesAsync(attemptsPath, journal.Attempts.Select(a => JsonSerializer.Serialize(a)));
        Console.WriteLine(journal.Summary(clock.Elapsed));
        return journal.ServerErrors == 0 ? 0 : 1;
    }

    private static async Task<Ack?> UntilAcknowledged(HttpClient http, string[] apis, Write write, int writer, Journal journal, Stopwatch clock)
    {
        var giveUpAt = clock.Elapsed + RetryFor;
        for (var attempt = 0; attempt < MaximumAttempts && clock.Elapsed < giveUpAt; attempt++)
        {
            // Node after node: a client behind a load balancer, which also moves on from a node that does not answer.
            var api = apis[(writer + attempt) % apis.Length];
            var started = clock.Elapsed;
            using var request = new HttpRequestMessage(HttpMethod.Post, api + write.Path) { Content = JsonContent.Create(write.Body) };
            request.Headers.Add("Idempotency-Key", write.Marker);
            try
            {
                using var response = await http.SendAsync(request);
                var status = (int)response.StatusCode;
                var replayed = response.Headers.Contains("Idempotent-Replayed");
                var problemJson = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
                journal.Record(new Attempt(started, clock.Elapsed - started, api, status, problemJson, replayed));
                if (status is 200 or 201)
                {
                    var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                    var ack = new Ack(write.Kind, write.Marker, body.GetProperty("id").GetGuid(), body.GetProperty("version").GetInt64(),
                        attempt + 1, replayed);
                    journal.Acknowledge(ack);
                    return ack;
                }

                if (status is >= 400 and < 500 and not 409 and not 429)
                {
                    Console.Error.WriteLine($"{write.Kind} {write.Marker} refused with {status}: {await response.Content.ReadAsStringAsync()}");
                    return null;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                journal.Record(new Attempt(started, clock.Elapsed - started, api, e is TaskCanceledException ? Attempt.TimedOut : Attempt.NoConnection,
                    false, false));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100 + Random.Shared.Next(150)));
        }

        journal.GaveUp();
        return null;
    }

    private static object Opening(string marker) => new
    {
        observedAt = "2025-07-09T08:30:00+08:00",
        location = new { province = "Sulawesi Selatan", regency = "Soppeng", district = "Lalabata", village = "Lemba" },
        subject = new { name = "Load Subject", nationality = "CHN", sex = "male", approximateAge = 35, description = "generated by the fault client" },
        activity = marker,
        channel = "fieldTeam",
    };

    private sealed record Write(string Kind, string Path, object Body, string Marker);
}

/// <summary>An acknowledged write: its kind, its marker, the case and the version the API answered.</summary>
public sealed record Ack(string Kind, string Marker, Guid CaseId, long Version, int Attempts, bool Replayed);

/// <summary>One HTTP attempt. Status 0: the connection failed; -1: no answer within the client's timeout.</summary>
public sealed record Attempt(TimeSpan At, TimeSpan Took, string Api, int Status, bool ProblemJson, bool Replayed)
{
    public const int NoConnection = 0;
    public const int TimedOut = -1;

    public bool Succeeded => Status is 200 or 201;
}

public sealed class Journal
{
    private readonly ConcurrentQueue<Attempt> _attempts = new();
    private readonly ConcurrentQueue<Ack> _acks = new();
    private int _gaveUp;

    public int Requests => _attempts.Count;
    public IEnumerable<Ack> Acks => _acks;
    public IEnumerable<Attempt> Attempts => _attempts.OrderBy(a => a.At);
    public int ServerErrors => _attempts.Count(a => a.Status >= 500 && a.Status != 503);

    public void Record(Attempt attempt) => _attempts.Enqueue(attempt);
    public void Acknowledge(Ack ack) => _acks.Enqueue(ack);
    public void GaveUp() => Interlocked.Increment(ref _gaveUp);

    /// <summary>The figures of the run as one JSON object: what README's Reliability section quotes.</summary>
    public string Summary(TimeSpan elapsed)
    {
        var attempts = _attempts.OrderBy(a => a.At).ToList();
        var unavailable = attempts.Where(a => a.Status == 503).ToList();
        return JsonSerializer.Serialize(new
        {
            seconds = Math.Round(elapsed.TotalSeconds, 1),
            requests = attempts.Count,
            acknowledged = _acks.Count,
            openings = _acks.Count(a => a.Kind == "opening"),
            notes = _acks.Count(a => a.Kind == "note"),
            acknowledgedOnRetry = _acks.Count(a => a.Attempts > 1),
            replayedFirstAnswers = _acks.Count(a => a.Replayed),
            gaveUp = _gaveUp,
            statuses = attempts.GroupBy(a => a.Status switch { Attempt.NoConnection => "no connection", Attempt.TimedOut => "timed out", var s => s.ToString() })
                .OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()),
            serverErrorsOtherThan503 = ServerErrors,
            unavailableNotProblemJson = unavailable.Count(a => !a.ProblemJson),
            slowest503Ms = unavailable.Count == 0 ? 0 : Math.Round(unavailable.Max(a => a.Took.TotalMilliseconds)),
            outages = Outages(attempts).Select(o => new { fromSecond = Math.Round(o.From.TotalSeconds, 1), seconds = Math.Round((o.To - o.From).TotalSeconds, 1) }),
        });
    }

    /// <summary>Spans from the first failed attempt after a success to the next success: how long the service was away.</summary>
    private static IEnumerable<(TimeSpan From, TimeSpan To)> Outages(IReadOnlyList<Attempt> attempts)
    {
        TimeSpan? from = null;
        foreach (var attempt in attempts)
        {
            if (!attempt.Succeeded && attempt.Status is not (409 or 429) && from is null) from = attempt.At;
            else if (attempt.Succeeded && from is { } start)
            {
                if (attempt.At - start > TimeSpan.FromMilliseconds(500)) yield return (start, attempt.At + attempt.Took);
                from = null;
            }
        }
    }
}
