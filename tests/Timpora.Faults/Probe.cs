using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Timpora.Faults;

/// <summary>
/// Every 250 ms: one readiness probe and one note (a new Idempotency-Key each), each with a 10 s timeout. Reports how
/// each was answered while the database was away (statuses, slowest answer, problem details or not) and how long
/// after the first failure each answered successfully again.
/// </summary>
public static class Probe
{
    public static async Task<int> RunAsync(Options options)
    {
        var api = options.Required("api");
        var duration = TimeSpan.FromSeconds(options.Int("seconds", 30));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Investigator());

        var caseId = await ProbeCase(http, api);
        var readiness = new List<(TimeSpan At, TimeSpan Took, int Status)>();
        var writes = new List<(TimeSpan At, TimeSpan Took, int Status, bool ProblemJson)>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var tick = clock.Elapsed;
            var ready = await Timed(clock, () => http.GetAsync(api + "/health/ready"), _ => false);
            readiness.Add((ready.At, ready.Took, ready.Status));
            var write = await Timed(clock, () => http.PostAsJsonAsync(api + $"/api/cases/{caseId}/notes", new { text = $"probe {Guid.NewGuid():N}" }),
                response => response.Content.Headers.ContentType?.MediaType == "application/problem+json");
            writes.Add(write);
            var rest = TimeSpan.FromMilliseconds(250) - (clock.Elapsed - tick);
            if (rest > TimeSpan.Zero) await Task.Delay(rest);
        }

        var failedWrites = writes.Where(w => w.Status is not (200 or 201)).ToList();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            probes = writes.Count,
            writeStatuses = writes.GroupBy(w => w.Status).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString(), g => g.Count()),
            failedWritesNotProblemJson = failedWrites.Count(w => w.Status > 0 && !w.ProblemJson),
            slowestFailedWriteMs = failedWrites.Count == 0 ? 0 : Math.Round(failedWrites.Max(w => w.Took.TotalMilliseconds)),
            writesRecoveredAfterSeconds = Recovery(writes.Select(w => (w.At, w.Status)).ToList()),
            readinessStatuses = readiness.GroupBy(r => r.Status).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString(), g => g.Count()),
            slowestReadinessMs = Math.Round(readiness.Max(r => r.Took.TotalMilliseconds)),
            readyAgainAfterSeconds = Recovery(readiness.Select(r => (r.At, r.Status)).ToList()),
        }));
        return writes.Any(w => w.Status >= 500 && w.Status != 503) || failedWrites.Any(w => w.Status > 0 && !w.ProblemJson) ? 1 : 0;
    }

    /// <summary>The case the probe writes notes to; opened with a few tries, as the first request may be slow.</summary>
    private static async Task<Guid> ProbeCase(HttpClient http, string api)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var opened = await http.PostAsJsonAsync(api + "/api/cases", new
                {
                    observedAt = "2025-07-09T08:30:00+08:00",
                    location = new { regency = "Soppeng" },
                    subject = new { nationality = "CHN", sex = "male" },
                    activity = "probe case",
                    channel = "fieldTeam",
                });
                opened.EnsureSuccessStatusCode();
                return (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            }
            catch (Exception e) when (attempt < 5 && e is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(1000);
            }
        }
    }

    private static async Task<(TimeSpan At, TimeSpan Took, int Status, bool ProblemJson)> Timed(
        Stopwatch clock, Func<Task<HttpResponseMessage>> send, Func<HttpResponseMessage, bool> problemJson)
    {
        var at = clock.Elapsed;
        try
        {
            using var response = await send();
            return (at, clock.Elapsed - at, (int)response.StatusCode, problemJson(response));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (at, clock.Elapsed - at, e is TaskCanceledException ? Attempt.TimedOut : Attempt.NoConnection, false);
        }
    }

    /// <summary>Seconds from the first failure to the next success, per outage.</summary>
    private static IReadOnlyList<double> Recovery(IReadOnlyList<(TimeSpan At, int Status)> answers)
    {
        var spans = new List<double>();
        TimeSpan? from = null;
        foreach (var (at, status) in answers)
        {
            if (status is not (200 or 201) && from is null) from = at;
            else if (status is 200 or 201 && from is { } start)
            {
                spans.Add(Math.Round((at - start).TotalSeconds, 1));
                from = null;
            }
        }

        return spans;
    }
}
