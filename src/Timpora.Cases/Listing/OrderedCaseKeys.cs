using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;

namespace Timpora.Cases.Listing;

/// <summary>
/// Keys of every case as one row each, ordered as the list is: a key's cases are a range of one btree
/// (<c>key, opened_at_utc, id</c>), so a read walks its page newest first and counts its matches from the index alone,
/// however many cases the store holds and whatever the planner believes of the key. Kept by triggers on the case table
/// from one of its array columns, which the inline case summary writes with the events, in the same transaction.
/// </summary>
/// <param name="TableName">The table of rows, in the store's schema.</param>
/// <param name="Column">The case table's array column the triggers read.</param>
public sealed record OrderedCaseKeys(string TableName, string Column)
{
    /// <summary>The whole words a case is found by (<see cref="SearchText.Terms"/>, <see cref="Case.SearchTerms"/>).</summary>
    public static readonly OrderedCaseKeys SearchTerms = new("case_search_terms", "search_terms");

    /// <summary>
    /// Who reported each case (<see cref="Case.Reporters"/>): a reporter's own list. The GIN index on the column finds
    /// the same cases, but whether PostgreSQL walks it or the list's order depends on its estimate of that reporter.
    /// </summary>
    public static readonly OrderedCaseKeys Reporters = new("case_reporters", "reporters");

    // Marten keeps one feature per type: both tables are one feature's objects.
    public static void Configure(StoreOptions options) => options.Storage.Add(new Feature(options, [SearchTerms, Reporters]));

    /// <summary>The table, qualified by the store's schema, with an alias.</summary>
    public string In(IReadOnlyStoreOptions options, string alias) => $"{options.DatabaseSchemaName}.{TableName} {alias}";

    private string Sync => TableName + "_sync";
    private string Insert => TableName + "_insert";
    private string Change => TableName + "_change";
    private string Reset => TableName + "_reset";

    private sealed class Feature(StoreOptions options, OrderedCaseKeys[] all) : FeatureSchemaBase("OrderedCaseKeys", options.Advanced.Migrator)
    {
        protected override IEnumerable<ISchemaObject> schemaObjects()
        {
            var schema = options.DatabaseSchemaName;
            var cases = ((IReadOnlyStoreOptions)options).Schema.For<Case>();
            foreach (var keys in all)
                yield return new SqlSchemaUnit(schema, keys.TableName, keys.Create(schema, cases), keys.Drop(schema, cases),
                    [(cases, keys.Insert), (cases, keys.Change), (cases, keys.Reset)], [keys.Sync, keys.Sync + "_reset"]);
        }
    }

    private string Drop(string schema, string cases) => $"""
        drop trigger if exists {Insert} on {cases};
        drop trigger if exists {Change} on {cases};
        drop trigger if exists {Reset} on {cases};
        drop table if exists {schema}.{TableName};
        """;

    private string Create(string schema, string cases) => $"""
        {Drop(schema, cases)}

        create table {schema}.{TableName} (
            key text not null,
            opened_at_utc timestamptz not null,
            id uuid not null,
            primary key (key, opened_at_utc, id)
        );

        create or replace function {schema}.{Sync}() returns trigger language plpgsql as $sync$
        begin
            if TG_OP <> 'INSERT' and OLD.{Column} is not null and OLD.opened_at_utc is not null then
                delete from {schema}.{TableName} t
                where t.key = any(OLD.{Column}) and t.opened_at_utc = OLD.opened_at_utc and t.id = OLD.id;
            end if;
            if TG_OP <> 'DELETE' and NEW.{Column} is not null and NEW.opened_at_utc is not null then
                insert into {schema}.{TableName} (key, opened_at_utc, id)
                select distinct key, NEW.opened_at_utc, NEW.id from unnest(NEW.{Column}) key
                on conflict do nothing;
            end if;
            return null;
        end
        $sync$;

        create or replace function {schema}.{Sync}_reset() returns trigger language plpgsql as $reset$
        begin
            truncate {schema}.{TableName};
            return null;
        end
        $reset$;

        -- One transaction: the cases written meanwhile wait for the keys of those already stored and the triggers.
        do $fill$
        begin
            lock table {cases} in share mode;
            insert into {schema}.{TableName} (key, opened_at_utc, id)
            select distinct key, c.opened_at_utc, c.id from {cases} c, unnest(c.{Column}) key
            where c.opened_at_utc is not null;

            create trigger {Insert} after insert or delete on {cases}
                for each row execute function {schema}.{Sync}();
            create trigger {Change} after update on {cases}
                for each row when (OLD.{Column} is distinct from NEW.{Column} or OLD.opened_at_utc is distinct from NEW.opened_at_utc)
                execute function {schema}.{Sync}();
            create trigger {Reset} after truncate on {cases}
                for each statement execute function {schema}.{Sync}_reset();
        end
        $fill$;
        """;
}
