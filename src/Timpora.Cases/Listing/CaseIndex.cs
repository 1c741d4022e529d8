using Marten;
using Marten.Schema;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Timpora.Cases.Listing;

/// <summary>
/// The columns and indexes of the case index (<see cref="Case"/>'s index members), on the case's own row: the inline
/// snapshot writes them in the same transaction as the events, so a list, a queue or a search shows a write at once.
/// Every filter of the list and every visibility rule is served by one of these indexes, and each index earns its cost
/// on every write. The columns allow null: added to a store that already holds cases, they stay empty until the case
/// summaries are rebuilt (README, "Lists and search").
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
        OrderedCaseKeys.Configure(options);
        return options;
    }

    /// <summary>
    /// Called by Marten when it maps <see cref="Case"/> (<see cref="Case.ConfigureMarten"/>): the mapping itself, unlike
    /// <c>Schema.For&lt;Case&gt;().Duplicate(...)</c>, lets a column be duplicated without an index of its own and an
    /// index span several columns.
    /// </summary>
    public static void Map(DocumentMapping<Case> mapping)
    {
        Duplicate(mapping, nameof(Case.CaseNumber));
        Duplicate(mapping, nameof(Case.OpenedAtUtc), "timestamptz");
        Duplicate(mapping, nameof(Case.IndexedStatus));
        Duplicate(mapping, nameof(Case.RegencyKey));
        Duplicate(mapping, nameof(Case.AssignedTo));
        Duplicate(mapping, nameof(Case.NationalityCodes), "text[]", NpgsqlDbType.Array | NpgsqlDbType.Text);
        Duplicate(mapping, nameof(Case.Reporters), "text[]", NpgsqlDbType.Array | NpgsqlDbType.Text);
        Duplicate(mapping, nameof(Case.ReferredAgencies), "text[]", NpgsqlDbType.Array | NpgsqlDbType.Text);
        Duplicate(mapping, nameof(Case.Searchable), "text");
        Duplicate(mapping, nameof(Case.SearchTerms), "text[]", NpgsqlDbType.Array | NpgsqlDbType.Text);

        mapping.AddIndex("case_number").IsUnique = true;
        // Newest first, and the keyset of the list's cursor; with a status or a regency (and status) in front, a filtered
        // list walks its page straight from the index and counts its matches from the index alone.
        mapping.AddIndex("opened_at_utc", "id");
        mapping.AddIndex("indexed_status", "opened_at_utc", "id");
        mapping.AddIndex("regency_key", "indexed_status", "opened_at_utc", "id");
        // An investigator's cases in order, whatever their status (the list's assignedTo); the status rides along, so the
        // queue of open ones is walked and counted from the index alone.
        mapping.AddIndex("assigned_to", "opened_at_utc", "id").IncludeColumns = ["indexed_status"];
        // The queue itself, the open ones only: walked and counted without passing over the closed.
        Partial(mapping, "mt_doc_case_open_by_assignee", "((indexed_status)::text <> 'Closed'::text)", "assigned_to", "opened_at_utc", "id");
        // The visibility rules and the array filters, and search.
        mapping.AddIndex("nationality_codes").Method = IndexMethod.gin;
        mapping.AddIndex("reporters").Method = IndexMethod.gin;
        mapping.AddIndex("referred_agencies").Method = IndexMethod.gin;
        // An agency's cases in order (an officer's list, the list's referredTo): one small index per agency code, since
        // a GIN index can find an agency's cases but not walk them newest first, and counting them through it reads
        // every one of them. The codes are a closed list (API.md, "Agency codes").
        foreach (var agency in Agencies.All.Order(StringComparer.Ordinal))
            Partial(mapping, ReferredIndexName(agency), ReferredTo(agency), "opened_at_utc", "id");

        var search = mapping.AddIndex("searchable");
        search.Method = IndexMethod.gin;
        search.Mask = "? gin_trgm_ops";
    }

    /// <summary>The condition of an agency's partial index, as PostgreSQL prints it back (so a migration sees no change).</summary>
    private static string ReferredTo(string agency) => $"(referred_agencies @> ARRAY['{agency}'::text])";

    /// <summary>
    /// The cases referred to an agency, as a condition on the case table <c>d</c>. A known code is written as a literal,
    /// the form in which PostgreSQL matches the agency's partial index; null for any other value.
    /// </summary>
    public static string? ReferredToCondition(string agency) =>
        Agencies.All.Contains(agency) ? $"d.{ReferredTo(agency)[1..^1]}" : null;

    private static string ReferredIndexName(string agency) => $"mt_doc_case_referred_to_{agency.ToLowerInvariant()}";

    /// <summary>
    /// A partial index beside any other on the same columns (<c>AddIndex</c> hands back the existing index of those columns,
    /// and a condition set on it would make that one partial).
    /// </summary>
    private static void Partial(DocumentMapping<Case> mapping, string name, string predicate, params string[] columns) =>
        mapping.Indexes.Add(new DocumentIndex(mapping, columns) { Name = name, Predicate = predicate });

    private static void Duplicate(DocumentMapping<Case> mapping, string property, string? pgType = null, NpgsqlDbType? dbType = null)
    {
        var field = mapping.DuplicateField([typeof(Case).GetProperty(property)!], pgType);
        if (dbType is { } type) field.DbType = type;
    }
}
