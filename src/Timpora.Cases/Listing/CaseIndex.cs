using Marten;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Timpora.Cases.Listing;

/// <summary>
/// The columns and indexes of the case index (<see cref="Case"/>'s index members), on the case's own row: the inline
/// snapshot writes them in the same transaction as the events, so a list, a queue or a search shows a write at once.
/// Every filter of the list and every visibility rule is served by one of these indexes. The columns allow null: added to
/// a store that already holds cases, they stay empty until the case summaries are rebuilt (README, "Lists and search").
/// </summary>
public static class CaseIndex
{
    public const string CaseNumber = "d.case_number";
    public const string OpenedAt = "d.opened_at_utc";
    public const string Status = "d.indexed_status";
    public const string Regency = "d.regency_key";
    public const string Nationalities = "d.nationality_codes";
    public const string AssignedTo = "d.assigned_to";
    public const string IsOpen = "d.indexed_status <> 'Closed'";
    public const string Reporters = "d.reporters";
    public const string ReferredAgencies = "d.referred_agencies";
    public const string Searchable = "d.searchable";

    public static StoreOptions ConfigureCaseIndex(this StoreOptions options)
    {
        // Trigram indexes (pg_trgm ships with PostgreSQL and is a trusted extension: the database's owner may create it).
        options.Storage.ExtendedSchemaObjects.Add(new Extension("pg_trgm"));

        var textArray = NpgsqlDbType.Array | NpgsqlDbType.Text;
        options.Schema.For<Case>()
            .Duplicate(c => c.CaseNumber, configure: index => index.IsUnique = true)
            // Newest first, and the keyset of the list's cursor.
            .Duplicate(c => c.OpenedAtUtc, pgType: "timestamptz", configure: index =>
            {
                index.Columns = ["opened_at_utc", "id"];
                index.Name = "mt_doc_case_idx_opened_at_utc_id";
            })
            .Duplicate(c => c.IndexedStatus)
            .Duplicate(c => c.RegencyKey)
            // An investigator's queue: their open cases, oldest first.
            .Duplicate(c => c.AssignedTo, configure: index =>
            {
                index.Columns = ["assigned_to", "opened_at_utc", "id"];
                index.Predicate = "indexed_status <> 'Closed'";
                index.Name = "mt_doc_case_idx_assigned_open";
            })
            .Duplicate(c => c.NationalityCodes, pgType: "text[]", dbType: textArray, configure: Gin)
            .Duplicate(c => c.Reporters, pgType: "text[]", dbType: textArray, configure: Gin)
            .Duplicate(c => c.ReferredAgencies, pgType: "text[]", dbType: textArray, configure: Gin)
            .Duplicate(c => c.Searchable, pgType: "text", configure: index =>
            {
                index.Method = IndexMethod.gin;
                index.Mask = "? gin_trgm_ops";
            });
        return options;
    }

    private static void Gin(Marten.Schema.DocumentIndex index) => index.Method = IndexMethod.gin;
}
