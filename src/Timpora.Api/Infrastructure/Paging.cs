using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Marten;
using Npgsql;
using Timpora.Cases.Listing;

namespace Timpora.Api.Infrastructure;

/// <summary>
/// One page of a collection (API.md, "Every collection is paged"). <c>next</c> is the cursor of the page after this one,
/// null on the last; <c>total</c> is exact up to <see cref="IndexedPages.ExactTotalUpTo"/> matches and PostgreSQL's
/// estimate beyond (<c>totalIsExact: false</c>).
/// </summary>
public record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total, bool TotalIsExact, string? Next)
{
    public Paged<TOut> Select<TOut>(Func<T, TOut> map) => new([.. Items.Select(map)], Page, PageSize, Total, TotalIsExact, Next);
}

/// <summary>
/// Which page a client asked for: by number (<c>page</c>, from 1) or by the cursor of the page before (<c>cursor</c>),
/// and how many items (<c>pageSize</c>, default 50, at most 200). A cursor names its collection and the sort keys of the
/// last item it followed, so the next page starts after that item however many were added before it (keyset paging).
/// </summary>
public sealed record PageRequest(int Number, int Size, IReadOnlyList<string>? After)
{
    public const int DefaultSize = 50;
    public const int MaximumSize = 200;

    public long Skip => After is null ? (long)(Number - 1) * Size : 0;

    public static PageRequest Read(Validation validation, string collection, string? page, string? pageSize, string? cursor)
    {
        var size = Math.Min(Positive(validation, "pageSize", pageSize, DefaultSize), MaximumSize);
        if (cursor is null) return new PageRequest(Positive(validation, "page", page, 1), size, null);
        if (page is not null)
        {
            validation.Add("cursor", "Send page or cursor, not both.");
            return new PageRequest(1, size, null);
        }

        if (Cursor.Read(cursor) is { } read && read.Collection == collection) return new PageRequest(read.Page, size, read.Keys);
        validation.Add("cursor", "Not a cursor this collection gave: send the next of a page of it, unchanged.");
        return new PageRequest(1, size, null);
    }

    /// <summary>The cursor of the page after this one, which starts after the item with these sort keys.</summary>
    public string NextCursor(string collection, IReadOnlyList<string> keysOfLast) => Cursor.Write(new Cursor(collection, Number + 1, keysOfLast));

    private static int Positive(Validation validation, string field, string? value, int fallback)
    {
        if (value is null) return fallback;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= 1) return parsed;
        validation.Add(field, "A whole number from 1.");
        return fallback;
    }

    private sealed record Cursor(string Collection, int Page, IReadOnlyList<string> Keys)
    {
        public static string Write(Cursor cursor) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(cursor));

        public static Cursor? Read(string text)
        {
            try
            {
                var cursor = JsonSerializer.Deserialize<Cursor>(Base64Url.DecodeFromChars(text));
                return cursor is { Collection: not null, Page: >= 1, Keys.Count: > 0 } && cursor.Keys.All(k => k is not null) ? cursor : null;
            }
            catch (Exception exception) when (exception is FormatException or JsonException or ArgumentException)
            {
                return null;
            }
        }
    }
}

/// <summary>
/// The conditions of a query, with their values as parameters: <c>{0}</c>, <c>{1}</c> in a condition stand for its values.
/// </summary>
public sealed class SqlFilter
{
    private readonly List<string> _conditions = [];
    private readonly List<object> _values = [];

    public SqlFilter Where(string condition, params object[] values)
    {
        var placeholders = values.Select(object (value) => Parameter(value)).ToArray();
        _conditions.Add(string.Format(CultureInfo.InvariantCulture, condition, placeholders));
        return this;
    }

    /// <summary>A parameter for a condition written by the caller, as its placeholder.</summary>
    public string Parameter(object value)
    {
        _values.Add(value);
        return "$" + _values.Count.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The array column holds the value (served by the column's GIN index).</summary>
    public SqlFilter Holds(string arrayColumn, string value) => Where($"{arrayColumn} @> {{0}}", (object)new[] { value });

    /// <summary>The case was referred to the agency (served by the agency's partial index when the code is known).</summary>
    public SqlFilter ReferredTo(string agency) =>
        CaseIndex.ReferredToCondition(agency) is { } condition ? Where(condition) : Holds(CaseIndex.ReferredAgencies, agency);

    public SqlFilter Copy()
    {
        var copy = new SqlFilter();
        copy._conditions.AddRange(_conditions);
        copy._values.AddRange(_values);
        return copy;
    }

    public int Count => _values.Count;

    /// <summary>How many conditions the filter has.</summary>
    public int Conditions => _conditions.Count;

    /// <summary>No condition: every row matches.</summary>
    public bool IsEmpty => _conditions.Count == 0;

    public string Sql => _conditions.Count == 0 ? "true" : string.Join(" and ", _conditions.Select(c => $"({c})"));

    public void AddParametersTo(NpgsqlBatchCommand command)
    {
        foreach (var value in _values) command.Parameters.Add(new NpgsqlParameter { Value = value });
    }
}

/// <summary>A collection's order: its sort columns (the last one unique), and how a cursor's keys become their values.</summary>
public sealed record KeysetOrder(string Collection, IReadOnlyList<string> Columns, bool Descending, Func<IReadOnlyList<string>, object[]?> Parse)
{
    public string OrderBy => string.Join(", ", Columns.Select(c => Descending ? $"{c} desc" : c));

    public static string Key(DateTimeOffset instant) => instant.UtcTicks.ToString(CultureInfo.InvariantCulture);

    public static DateTimeOffset? Instant(string key) =>
        long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
        && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : null;
}

/// <summary>
/// Pages read straight from an indexed table: the page follows the index of its order and stops after its rows. The
/// total is exact up to <see cref="ExactTotalUpTo"/> matches: a last page tells it without counting; otherwise the
/// matches are counted, at most <see cref="ExactTotalUpTo"/> + 1 of them, unless the planner expects so many
/// (<see cref="TrustEstimateFrom"/>) that counting would be wasted: then its estimate is the total.
/// A cursor whose keys do not parse is the caller's to refuse (<see cref="TryRead"/> answers null).
/// </summary>
public static class IndexedPages
{
    /// <summary>
    /// Counting costs as many index entries as there are matches, so a count without a bound grows with the store: a
    /// filter that matches a tenth of the cases would take ten times longer on ten times the cases. A thousand is more
    /// than a person pages through; past it the total is PostgreSQL's estimate, as large lists and search engines show
    /// "about".
    /// </summary>
    public const int ExactTotalUpTo = 1_000;

    /// <summary>
    /// How many matches of a filter whose estimates are rough (trigram search) are found, counted and sorted in one
    /// statement; past it the page walks the list's order instead. Those that are found are counted exactly anyway.
    /// </summary>
    public const int SortedFromMatchesUpTo = 10_000;

    /// <summary>
    /// Planner estimates (btree equality, array containment with element statistics, trigram matches) are rarely off by
    /// a factor of two; past this many expected matches the count is not worth its cost.
    /// </summary>
    public const long TrustEstimateFrom = 2 * ExactTotalUpTo;

    /// <param name="fewMatches">
    /// For filters whose match count PostgreSQL's estimates get wrong (trigram search), the column that identifies a row
    /// of <paramref name="from"/> (its alias's <c>id</c>): the matches, up to <see cref="SortedFromMatchesUpTo"/> + 1, are then
    /// found once, counted, and when they are that few the page is sorted from them, instead of walking the whole order
    /// until enough match (which a rare term makes a walk through every row) and counting them again.
    /// </param>
    /// <param name="knownTotal">The number of matches when a counter kept elsewhere tells it: nothing is counted.</param>
    /// <param name="countFrom">
    /// Fewer tables that the filter holds on alone, to count and estimate from: the page needs columns that the count does not.
    /// </param>
    public static async Task<Paged<T>?> TryRead<T>(
        IDocumentStore store, string columns, string from, SqlFilter filter, KeysetOrder order, PageRequest request,
        Func<NpgsqlDataReader, (T Item, IReadOnlyList<string> Keys)> read, CancellationToken cancellation, string? fewMatches = null,
        long? knownTotal = null, string? countFrom = null)
    {
        object[]? after = null;
        if (request.After is { } keys && (keys.Count != order.Columns.Count || (after = order.Parse(keys)) is null)) return null;

        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        if (knownTotal is { } known)
        {
            var (page, _) = await ReadPage(connection, columns, from, filter, order, request, after, read, explain: false, cancellation);
            return Paged(page, request, (known, true), order);
        }

        long? moreThan = null;
        if (fewMatches is not null)
        {
            var (few, counted) = await ReadFromMatches(connection, columns, from, filter, order, request, after, fewMatches, read, cancellation);
            if (counted <= SortedFromMatchesUpTo) return Paged(few, request, (counted, true), order);
            moreThan = counted;
        }

        var (items, estimate) = await ReadPage(connection, columns, from, filter, order, request, after, read, explain: true, cancellation, countFrom);
        var more = items.Count > request.Size;
        var total = request.After is null && !more && (items.Count > 0 || request.Number == 1)
            ? (request.Skip + items.Count, true)
            : moreThan is { } matches
                ? (Math.Max(matches, estimate), false)
                : estimate >= TrustEstimateFrom
                    ? (estimate, false)
                    : await Count(connection, countFrom ?? from, filter, estimate, cancellation);
        return Paged(items, request, total, order);
    }

    private static Paged<T> Paged<T>(List<(T Item, IReadOnlyList<string> Keys)> items, PageRequest request, (long Total, bool Exact) total, KeysetOrder order)
    {
        var more = items.Count > request.Size;
        if (more) items.RemoveAt(items.Count - 1);
        return new Paged<T>(
            [.. items.Select(i => i.Item)], request.Number, request.Size, total.Total, total.Exact,
            more ? request.NextCursor(order.Collection, items[^1].Keys) : null);
    }

    /// <summary>One more item than the page holds (to know whether another follows), and the planner's estimate if asked.</summary>
    private static async Task<(List<(T Item, IReadOnlyList<string> Keys)> Items, long Estimate)> ReadPage<T>(
        NpgsqlConnection connection, string columns, string from, SqlFilter filter, KeysetOrder order, PageRequest request, object[]? after,
        Func<NpgsqlDataReader, (T Item, IReadOnlyList<string> Keys)> read, bool explain, CancellationToken cancellation, string? explainFrom = null)
    {
        var page = filter.Copy();
        if (after is { } values)
        {
            var comparison = order.Descending ? "<" : ">";
            page.Where($"({string.Join(", ", order.Columns)}) {comparison} ({string.Join(", ", values.Select((_, i) => $"{{{i}}}"))})", values);
        }

        await using var batch = new NpgsqlBatch(connection);
        var rows = new NpgsqlBatchCommand(
            $"select {columns} from {from} where {page.Sql} order by {order.OrderBy} limit ${page.Count + 1} offset ${page.Count + 2}");
        page.AddParametersTo(rows);
        rows.Parameters.Add(new NpgsqlParameter { Value = request.Size + 1 });
        rows.Parameters.Add(new NpgsqlParameter { Value = request.Skip });
        batch.BatchCommands.Add(rows);
        if (explain)
        {
            var plan = new NpgsqlBatchCommand($"explain (format json) select 1 from {explainFrom ?? from} where {filter.Sql}");
            filter.AddParametersTo(plan);
            batch.BatchCommands.Add(plan);
        }

        var items = new List<(T Item, IReadOnlyList<string> Keys)>();
        await using var reader = await batch.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) items.Add(read(reader));
        if (!explain) return (items, 0);
        await reader.NextResultAsync(cancellation);
        await reader.ReadAsync(cancellation);
        return (items, PlannedRows(reader.GetString(0)));
    }

    /// <summary>
    /// The matches (at most <see cref="SortedFromMatchesUpTo"/> + 1) with their sort keys, their number, and the page sorted
    /// from them, in one statement; the page is only right when they were not cut off.
    /// </summary>
    private static async Task<(List<(T Item, IReadOnlyList<string> Keys)> Items, long Counted)> ReadFromMatches<T>(
        NpgsqlConnection connection, string columns, string from, SqlFilter filter, KeysetOrder order, PageRequest request, object[]? after,
        string idColumn, Func<NpgsqlDataReader, (T Item, IReadOnlyList<string> Keys)> read, CancellationToken cancellation)
    {
        var keys = order.Columns.Select((_, i) => $"matching.k{i}").ToList();
        var sorted = order with { Columns = keys };
        var matches = filter.Copy();
        var position = after is { } values
            ? $"({string.Join(", ", keys)}) {(order.Descending ? "<" : ">")} ({string.Join(", ", values.Select(matches.Parameter))})"
            : "true";

        var sql = $"""
            with matching as materialized (
                select {idColumn} as id, {string.Join(", ", order.Columns.Select((c, i) => $"{c} as k{i}"))}
                from {from} where {filter.Sql} limit {SortedFromMatchesUpTo + 1}
            ), page as (
                select * from matching where {position} order by {sorted.OrderBy} limit ${matches.Count + 1} offset ${matches.Count + 2}
            )
            select {columns}, (select count(*) from matching)
            from page matching join {from} on {idColumn} = matching.id
            order by {sorted.OrderBy}
            """;
        await using var batch = new NpgsqlBatch(connection);
        var command = new NpgsqlBatchCommand(sql);
        matches.AddParametersTo(command);
        command.Parameters.Add(new NpgsqlParameter { Value = request.Size + 1 });
        command.Parameters.Add(new NpgsqlParameter { Value = request.Skip });
        batch.BatchCommands.Add(command);

        var items = new List<(T Item, IReadOnlyList<string> Keys)>();
        long counted = 0;
        await using var reader = await batch.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            items.Add(read(reader));
            counted = reader.GetInt64(reader.FieldCount - 1);
        }

        // No row on the page says nothing of the count: ask for it (the matches are then in the cache).
        if (items.Count == 0 && (request.Skip > 0 || after is not null))
            counted = (await Count(connection, from, filter, 0, cancellation, SortedFromMatchesUpTo)).Total;
        return (items, counted);
    }

    /// <summary>Whether anything matches: the filter's first row, found by whichever index serves it.</summary>
    public static async Task<bool> AnyAsync(IDocumentStore store, string from, SqlFilter filter, CancellationToken cancellation)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var batch = new NpgsqlBatch(connection);
        var any = new NpgsqlBatchCommand($"select exists (select 1 from {from} where {filter.Sql})");
        filter.AddParametersTo(any);
        batch.BatchCommands.Add(any);
        return (bool)(await batch.ExecuteScalarAsync(cancellation))!;
    }

    private static async Task<(long Total, bool Exact)> Count(
        NpgsqlConnection connection, string from, SqlFilter filter, long estimate, CancellationToken cancellation, int upTo = ExactTotalUpTo)
    {
        await using var batch = new NpgsqlBatch(connection);
        var count = new NpgsqlBatchCommand($"select count(*) from (select 1 from {from} where {filter.Sql} limit {upTo + 1}) matching");
        filter.AddParametersTo(count);
        batch.BatchCommands.Add(count);
        var counted = (long)(await batch.ExecuteScalarAsync(cancellation))!;
        return counted <= upTo ? (counted, true) : (Math.Max(counted, estimate), false);
    }

    private static long PlannedRows(string plan)
    {
        using var json = JsonDocument.Parse(plan);
        return (long)json.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
    }
}
