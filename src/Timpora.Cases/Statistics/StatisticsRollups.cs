using System.Text.Json;
using Marten;
using Npgsql;
using Weasel.Core;
using Weasel.Core.Migrations;

namespace Timpora.Cases.Statistics;

/// <summary>
/// Counters over the case facts, kept in PostgreSQL as the facts are written, so that statistics read a few hundred
/// counters instead of every case. Each case contributes to a day and a month bucket (office dates, see
/// <see cref="Zone"/>), once for every regency and once for its own, one counter per dimension and key; a verified
/// case also contributes to the outcome monitor's totals.
/// <para>
/// Row triggers on the case facts table add a document's new contributions and take back its old ones, in the
/// transaction that writes the document: a verification moves its case from one nationality to another, an event
/// delivered twice leaves the document (and so the counters) unchanged, a batch the daemon rolls back takes its
/// counts with it. Truncating the facts (a projection rebuild, a reset) empties the counters.
/// </para>
/// <para>
/// The triggers only append their changes (<see cref="ChangesTable"/>): a batch of the daemon touches the same few
/// counters (every regency's month, say) hundreds of times, and updating one row that often in one transaction costs
/// time that grows with the square of the batch. <see cref="FoldAsync"/> moves the changes into the counters, summed,
/// every few seconds; readers read <see cref="CountsView"/>, the counters with the changes not folded yet, which is
/// exact at any moment.
/// </para>
/// <para>
/// The SQL below is the one definition of what a case contributes: the triggers count with it, the migration that
/// creates them recounts every stored case with it, and a period cut inside a day counts that day's cases with it.
/// A change to it changes the definition's hash, and the next start-up drops and recreates the counters.
/// </para>
/// </summary>
public static class StatisticsRollups
{
    public const string TableName = "statistics_rollups";

    /// <summary>The changes the triggers append, until <see cref="FoldAsync"/> moves them into <see cref="TableName"/>.</summary>
    public const string ChangesTable = "statistics_rollup_changes";

    /// <summary>What readers read: every counter, with the changes not folded yet.</summary>
    public const string CountsView = "statistics_counts";

    /// <summary>The function that lists what one case facts document contributes (one row per counter).</summary>
    public const string ContributionsFunction = "statistics_contributions";

    /// <summary>The function that lists the office days a case counts on; the facts table has a GIN index over it.</summary>
    public const string DaysFunction = "statistics_days";

    /// <summary>Bucket kinds; <see cref="Totals"/> holds the outcome monitor's counters, which have no period.</summary>
    public const string Day = "day", Month = "month", Totals = "all";

    /// <summary>The outcome monitor's dimensions (key: the nationality); actions are counted per type.</summary>
    public const string VerifiedCases = "verifiedCases", RemovedOrDetainedCases = "removedOrDetainedCases", ActionsOfVerified = "actionsOfVerified:";

    /// <summary>
    /// The zone whose dates bound the buckets: the office's default zone (Asia/Makassar, no daylight saving). An
    /// office configured in another zone still gets exact figures, counting the hours between its midnight and this
    /// zone's from the facts.
    /// </summary>
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById(ZoneId);

    private const string ZoneId = "Asia/Makassar";

    private const string CountTrigger = "statistics_rollups_count";
    private const string ResetTrigger = "statistics_rollups_reset";
    private const string DaysIndex = "mt_doc_casefacts_statistics_days";

    /// <summary>Change rows one fold statement moves at most: a second or so of work, well inside a command's time bound.</summary>
    public const int FoldBatch = 50_000;

    /// <summary>
    /// Moves the changes appended so far into the counters, <see cref="FoldBatch"/> rows per statement until none are
    /// left: a reader sees each change in one place or the other, never both, and a backlog (a rebuild, a catch-up of
    /// millions of events) drains in steps that each commit. Several nodes may fold at once; each row is moved by one.
    /// </summary>
    public static async Task<long> FoldAsync(IDocumentStore store, CancellationToken cancellation)
    {
        var schema = store.Options.DatabaseSchemaName;
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand($"""
            with moved as (
                delete from {schema}.{ChangesTable}
                where ctid in (select ctid from {schema}.{ChangesTable} limit {FoldBatch})
                returning kind, starts, regency, dimension, key, count
            ), summed as (
                select kind, starts, regency, dimension, key, sum(count)::bigint as count from moved
                group by kind, starts, regency, dimension, key having sum(count) <> 0
            ), folded as (
                insert into {schema}.{TableName} as counter (kind, starts, regency, dimension, key, count)
                select * from summed
                on conflict (kind, regency, starts, dimension, key) do update set count = counter.count + excluded.count
            )
            select count(*)::int from moved
            """, connection);
        long total = 0;
        int moved;
        do
        {
            moved = (int)(await command.ExecuteScalarAsync(cancellation))!;
            total += moved;
        }
        while (moved == FoldBatch);

        return total;
    }

    public static void Configure(StoreOptions options)
    {
        // The index is created with the triggers, after Marten's own DDL for the table; Marten must not drop it.
        options.Schema.For<CaseFacts>().IgnoreIndex(DaysIndex);
        options.Storage.Add(new Feature(options));
    }

    /// <summary>
    /// How a period is read: whole months and whole days from the counters, and the partial days at its edges (a
    /// bound that is an instant, or an office midnight that is not <see cref="Zone"/>'s) from the facts.
    /// </summary>
    public sealed record Cover(IReadOnlyList<BucketRange> Buckets, IReadOnlyList<PartialDay> Edges);

    /// <summary>Buckets of one kind starting on <see cref="From"/> up to <see cref="To"/> (excluded).</summary>
    public sealed record BucketRange(string Kind, DateOnly From, DateOnly To);

    /// <summary>The part of one day, in <see cref="Zone"/>, from <see cref="From"/> (included) to <see cref="To"/> (excluded).</summary>
    public sealed record PartialDay(DateOnly Day, DateTimeOffset? From, DateTimeOffset? To);

    /// <summary>The buckets and partial days that together cover <c>[from, to)</c>; a missing bound is open.</summary>
    public static Cover CoverOf(DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from >= to) return new Cover([], []);

        var edges = new List<PartialDay>();
        DateOnly? firstWholeDay = null, endWholeDay = null;
        if (from is { } start)
        {
            var local = TimeZoneInfo.ConvertTime(start, Zone);
            var day = DateOnly.FromDateTime(local.DateTime);
            if (local.TimeOfDay == TimeSpan.Zero) firstWholeDay = day;
            else
            {
                edges.Add(new PartialDay(day, start, null));
                firstWholeDay = day.AddDays(1);
            }
        }

        if (to is { } end)
        {
            var local = TimeZoneInfo.ConvertTime(end, Zone);
            var day = DateOnly.FromDateTime(local.DateTime);
            endWholeDay = day;
            if (local.TimeOfDay != TimeSpan.Zero)
            {
                if (edges is [{ } first] && first.Day == day) edges[0] = first with { To = end };
                else edges.Add(new PartialDay(day, null, end));
            }
        }

        if (firstWholeDay >= endWholeDay) return new Cover([], edges);
        return new Cover(WholeDays(firstWholeDay, endWholeDay), edges);
    }

    /// <summary>Whole days from <paramref name="from"/> to <paramref name="to"/> (excluded): whole months in the middle, days at either end.</summary>
    private static List<BucketRange> WholeDays(DateOnly? from, DateOnly? to)
    {
        var firstMonth = from is { } a ? (a.Day == 1 ? a : new DateOnly(a.Year, a.Month, 1).AddMonths(1)) : DateOnly.MinValue;
        var endMonth = to is { } b ? new DateOnly(b.Year, b.Month, 1) : DateOnly.MaxValue;
        var start = from ?? DateOnly.MinValue;
        var end = to ?? DateOnly.MaxValue;

        var ranges = new List<BucketRange>();
        if (firstMonth >= endMonth)
        {
            ranges.Add(new BucketRange(Day, start, end));
            return ranges;
        }

        if (start < firstMonth) ranges.Add(new BucketRange(Day, start, firstMonth));
        ranges.Add(new BucketRange(Month, firstMonth, endMonth));
        if (endMonth < end) ranges.Add(new BucketRange(Day, endMonth, end));
        return ranges;
    }

    private sealed class Feature(StoreOptions options) : FeatureSchemaBase("StatisticsRollups", options.Advanced.Migrator)
    {
        protected override IEnumerable<ISchemaObject> schemaObjects()
        {
            var schema = options.DatabaseSchemaName;
            var facts = ((IReadOnlyStoreOptions)options).Schema.For<CaseFacts>();
            yield return new SqlSchemaUnit(schema, TableName, Create(schema, facts), Drop(schema, facts),
                [(facts, CountTrigger), (facts, ResetTrigger)],
                [ChangesTable, CountsView, ContributionsFunction, DaysFunction, CountTrigger, ResetTrigger, DaysIndex]);
        }
    }

    private static string Drop(string schema, string factsTable) => $"""
        drop trigger if exists {CountTrigger} on {factsTable};
        drop trigger if exists {ResetTrigger} on {factsTable};
        drop index if exists {schema}.{DaysIndex};
        drop view if exists {schema}.{CountsView};
        drop table if exists {schema}.{ChangesTable};
        drop table if exists {schema}.{TableName};
        """;

    /// <summary>The counters, the functions that compute them and the triggers that keep them, as one migration.</summary>
    private static string Create(string schema, string factsTable) => $"""
            {Drop(schema, factsTable)}

            create table {schema}.{TableName} (
                kind text not null,
                starts date not null,
                regency text not null,
                dimension text not null,
                key text not null,
                count bigint not null,
                primary key (kind, regency, starts, dimension, key)
            );

            create table {schema}.{ChangesTable} (like {schema}.{TableName});

            -- A condition on the view's columns reaches both tables (PostgreSQL pushes it below the grouping).
            create view {schema}.{CountsView} as
                select kind, starts, regency, dimension, key, sum(count)::bigint as count
                from (
                    select kind, starts, regency, dimension, key, count from {schema}.{TableName}
                    union all
                    select kind, starts, regency, dimension, key, count from {schema}.{ChangesTable}
                ) counted
                group by kind, starts, regency, dimension, key;

            -- kind: day | month (starts: the first day, in {ZoneId}) | {Totals} (the outcome monitor's totals);
            -- regency: lower-cased, '' for every regency. observed_at: the instant that puts the row in its bucket.
            create or replace function {schema}.{ContributionsFunction}(data jsonb)
            returns table (kind text, starts date, regency text, observed_at timestamptz, dimension text, key text)
            language sql immutable parallel safe as $contributions$
                with facts as (
                    select data ->> 'regency' as regency, data ->> 'nationality' as nationality, data ->> 'finding' as finding,
                           {schema}.mt_immutable_timestamptz(data ->> 'firstObservedAt') as first_observed_at
                    where data is not null
                ), counted (observed_at, dimension, key) as (
                    select first_observed_at, 'cases', '' from facts
                    union all select first_observed_at, 'regency', regency from facts
                    union all select first_observed_at, 'nationality', nationality from facts
                    union all select first_observed_at, 'finding', finding from facts where finding is not null
                    union all select first_observed_at, 'month', data ->> 'month' from facts
                    union all select first_observed_at, 'actionType', action ->> 'type'
                        from facts, jsonb_array_elements(data -> 'actions') action
                    union all select {schema}.mt_immutable_timestamptz(sighting ->> 'observedAt'), 'sightings', ''
                        from facts, jsonb_array_elements(data -> 'sightings') sighting
                ), outcomes (dimension, key) as (
                    select '{VerifiedCases}', nationality from facts where finding is not null
                    union all select '{ActionsOfVerified}' || (action ->> 'type'), nationality
                        from facts, jsonb_array_elements(data -> 'actions') action where finding is not null
                    union all select '{RemovedOrDetainedCases}', nationality from facts
                        where finding is not null and exists (
                            select 1 from jsonb_array_elements(data -> 'actions') action where action ->> 'type' = any('{RemovalOrDetention}'))
                )
                select bucket.kind, case bucket.kind when '{Day}' then office.day else office.day - extract(day from office.day)::int + 1 end,
                       scope.regency, counted.observed_at, counted.dimension, counted.key
                from counted
                cross join lateral (select (counted.observed_at at time zone '{ZoneId}')::date as day) office
                cross join (values ('{Day}'), ('{Month}')) bucket (kind)
                cross join (select '' union all select lower(regency) from facts) scope (regency)
                union all
                select '{Totals}', '-infinity'::date, '', null, dimension, key from outcomes
            $contributions$;

            -- The days of the instants above: the first sighting's and every sighting's (the outcome totals have none).
            -- Read from the facts directly, as computing every contribution again would double the cost of each write.
            create or replace function {schema}.{DaysFunction}(data jsonb) returns date[]
            language sql immutable parallel safe as $days$
                select coalesce(array_agg(distinct (observed at time zone '{ZoneId}')::date), array[]::date[])
                from (
                    select {schema}.mt_immutable_timestamptz(data ->> 'firstObservedAt') where data is not null
                    union all select {schema}.mt_immutable_timestamptz(sighting ->> 'observedAt')
                        from jsonb_array_elements(data -> 'sightings') sighting
                ) instants (observed)
                where observed is not null
            $days$;

            create or replace function {schema}.{CountTrigger}() returns trigger language plpgsql as $count$
            begin
                insert into {schema}.{ChangesTable} (kind, starts, regency, dimension, key, count)
                select change.kind, change.starts, change.regency, change.dimension, change.key, sum(change.delta)
                from (
                    select old_case.kind, old_case.starts, old_case.regency, old_case.dimension, old_case.key, -1 as delta
                    from {schema}.{ContributionsFunction}(case when TG_OP <> 'INSERT' then OLD.data end) old_case
                    union all
                    select new_case.kind, new_case.starts, new_case.regency, new_case.dimension, new_case.key, 1
                    from {schema}.{ContributionsFunction}(case when TG_OP <> 'DELETE' then NEW.data end) new_case
                ) change
                group by change.kind, change.starts, change.regency, change.dimension, change.key
                having sum(change.delta) <> 0;
                return null;
            end
            $count$;

            create or replace function {schema}.{ResetTrigger}() returns trigger language plpgsql as $reset$
            begin
                truncate {schema}.{TableName}, {schema}.{ChangesTable};
                return null;
            end
            $reset$;

            -- One transaction: the daemon's writes to the facts wait until the counters are recounted and the triggers on.
            do $recount$
            begin
                lock table {factsTable} in share mode;
                insert into {schema}.{TableName} (kind, starts, regency, dimension, key, count)
                select c.kind, c.starts, c.regency, c.dimension, c.key, count(*)
                from {factsTable} facts, {schema}.{ContributionsFunction}(facts.data) c
                group by c.kind, c.starts, c.regency, c.dimension, c.key;

                create index {DaysIndex} on {factsTable} using gin ({schema}.{DaysFunction}(data));

                create trigger {CountTrigger} after insert or update or delete on {factsTable}
                    for each row execute function {schema}.{CountTrigger}();
                create trigger {ResetTrigger} after truncate on {factsTable}
                    for each statement execute function {schema}.{ResetTrigger}();
            end
            $recount$;
            """;

    /// <summary>The watched action types as stored (camelCase), from the monitor's own list, as a PostgreSQL array literal.</summary>
    private static string RemovalOrDetention =>
        "{" + string.Join(",", OutcomeMonitor.RemovalOrDetention.Select(type => JsonNamingPolicy.CamelCase.ConvertName(type.ToString())).Order(StringComparer.Ordinal)) + "}";
}
