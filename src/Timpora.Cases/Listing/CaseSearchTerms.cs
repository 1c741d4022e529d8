using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;

namespace Timpora.Cases.Listing;

/// <summary>
/// The search terms of every case (<see cref="SearchText.Terms"/>) as one row each, ordered as the list is: a term's
/// cases are a range of one btree, so a search walks its page newest first and counts its matches from the index alone,
/// however many cases the store holds. Kept by triggers on the case table from the case's <c>search_terms</c> column,
/// which the inline case summary writes with the events, in the same transaction.
/// </summary>
public static class CaseSearchTerms
{
    public const string TableName = "case_search_terms";

    /// <summary>The column of the case table the triggers read (<see cref="Case.SearchTerms"/>).</summary>
    public const string Column = "search_terms";

    private const string Sync = "case_search_terms_sync";
    private const string Insert = "case_search_terms_insert";
    private const string Change = "case_search_terms_change";
    private const string Reset = "case_search_terms_reset";

    public static void Configure(StoreOptions options) => options.Storage.Add(new Feature(options));

    private sealed class Feature(StoreOptions options) : FeatureSchemaBase("CaseSearchTerms", options.Advanced.Migrator)
    {
        protected override IEnumerable<ISchemaObject> schemaObjects()
        {
            var schema = options.DatabaseSchemaName;
            var cases = ((IReadOnlyStoreOptions)options).Schema.For<Case>();
            yield return new SqlSchemaUnit(schema, TableName, Create(schema, cases), Drop(schema, cases),
                [(cases, Insert), (cases, Change), (cases, Reset)], [Sync, Sync + "_reset"]);
        }
    }

    private static string Drop(string schema, string cases) => $"""
        drop trigger if exists {Insert} on {cases};
        drop trigger if exists {Change} on {cases};
        drop trigger if exists {Reset} on {cases};
        drop table if exists {schema}.{TableName};
        """;

    private static string Create(string schema, string cases) => $"""
        {Drop(schema, cases)}

        create table {schema}.{TableName} (
            term text not null,
            opened_at_utc timestamptz not null,
            id uuid not null,
            primary key (term, opened_at_utc, id)
        );

        create or replace function {schema}.{Sync}() returns trigger language plpgsql as $sync$
        begin
            if TG_OP <> 'INSERT' and OLD.{Column} is not null and OLD.opened_at_utc is not null then
                delete from {schema}.{TableName} t
                where t.term = any(OLD.{Column}) and t.opened_at_utc = OLD.opened_at_utc and t.id = OLD.id;
            end if;
            if TG_OP <> 'DELETE' and NEW.{Column} is not null and NEW.opened_at_utc is not null then
                insert into {schema}.{TableName} (term, opened_at_utc, id)
                select distinct term, NEW.opened_at_utc, NEW.id from unnest(NEW.{Column}) term
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

        -- One transaction: the cases written meanwhile wait for the terms of those already stored and the triggers.
        do $fill$
        begin
            lock table {cases} in share mode;
            insert into {schema}.{TableName} (term, opened_at_utc, id)
            select distinct term, c.opened_at_utc, c.id from {cases} c, unnest(c.{Column}) term
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
