using System.Globalization;
using System.Text.Json;
using Alba;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Timpora.Api.Tests.Support;

/// <summary>Reading a case back: over HTTP as a user reads it, straight from the event store, and from the read models.</summary>
public static class Reads
{
    public static async Task<JsonElement> Summary(this IAlbaHost host, Guid id, User? reader = null) =>
        (await host.Get(reader ?? Users.Investigator, $"/api/cases/{id}").Expect(200)).Json;

    public static async Task<string?> StatusOf(this IAlbaHost host, Guid id) =>
        (await host.Summary(id)).GetProperty("status").GetString();

    public static async Task<JsonElement> HistoryOf(this IAlbaHost host, Guid id, User? reader = null) =>
        (await host.Get(reader ?? Users.Investigator, $"/api/cases/{id}/history").Expect(200)).Json;

    public static async Task<IReadOnlyList<JasperFx.Events.IEvent>> Stream(this IAlbaHost host, Guid id)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Events.FetchStreamAsync(id);
    }

    public static async Task<long> Version(this IAlbaHost host, Guid id)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Events.FetchStreamStateAsync(id))?.Version ?? 0;
    }

    /// <summary>Waits until the async daemon has applied every event appended so far: no sleeping, no polling loops here.</summary>
    public static Task ProjectionsCaughtUp(this IAlbaHost host) => host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

    /// <summary>Every document of a read model, as stored JSON ordered by id: two equal lists mean two equal views.</summary>
    public static async Task<IReadOnlyList<string>> StoredDocuments<T>(this IAlbaHost host) where T : notnull
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var documents = await session.Query<T>().ToListAsync();
        return documents.Select(d => JsonSerializer.Serialize(d, Bodies.Json)).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The action <paramref name="decisionId"/> in a case summary.</summary>
    public static JsonElement ActionIn(this JsonElement summary, Guid decisionId) =>
        summary.GetProperty("actions").EnumerateArray().Single(a => a.GetProperty("decisionId").GetGuid() == decisionId);

    /// <summary>The round-trip form of a time, escaped for a query string (its '+' would otherwise read as a space).</summary>
    public static string Query(DateTimeOffset time) => Uri.EscapeDataString(time.ToString("O", CultureInfo.InvariantCulture));

    public static DateTimeOffset Time(this JsonElement element, string property) =>
        DateTimeOffset.Parse(element.GetProperty(property).GetString()!, CultureInfo.InvariantCulture);

    public static IReadOnlyList<string> PropertyNames(this JsonElement element) =>
        element.EnumerateObject().Select(p => p.Name).ToList();
}
