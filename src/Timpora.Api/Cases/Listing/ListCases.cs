using System.Globalization;
using Marten;
using Npgsql;
using Timpora.Cases.Listing;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases;
using Wolverine.Http;

namespace Timpora.Api.Cases.Listing;

public sealed record CaseListItem(
    Guid Id, string CaseNumber, CaseStatus Status, DateTimeOffset OpenedAt, string Regency, string? Nationality, string? SubjectName, string? AssignedTo);

/// <summary>The cases the caller may see, newest first, filtered and paged, from the case index.</summary>
public static class ListCasesEndpoint
{
    private const string Columns = $$"""
        d.id, {{CaseIndex.CaseNumber}}, d.data ->> 'status', d.data ->> 'openedAt', d.data #>> '{location,regency}',
        coalesce(d.data #>> '{verification,identity,nationality}', d.data #>> '{subject,nationality}'),
        coalesce(d.data #>> '{verification,identity,fullName}', d.data #>> '{subject,name}'),
        {{CaseIndex.AssignedTo}}, {{CaseIndex.OpenedAt}}
        """;

    private static readonly KeysetOrder NewestFirst = new("cases", [CaseIndex.OpenedAt, "d.id"], Descending: true, keys =>
        KeysetOrder.Instant(keys[0]) is { } openedAt && Guid.TryParse(keys[1], out var id) ? [openedAt, id] : null);

    /// <summary>The same order on a row of ordered keys (a search term, a reporter), which carries its case's opening instant and id.</summary>
    private static readonly KeysetOrder NewestFirstByKey = NewestFirst with { Columns = ["k.opened_at_utc", "k.id"] };

    [WolverineGet("/api/cases", OperationId = "listCases")]
    [Tags("Cases")]
    [ProducesResponseType<Paged<CaseListItem>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(
        string? status, string? regency, string? nationality, string? referredTo, string? assignedTo,
        string? openedFrom, string? openedTo, string? q, string? page, string? pageSize, string? cursor,
        HttpContext http, IDocumentStore store, OfficeClock clock)
    {
        var user = CurrentUser.From(http.User);
        if (user.ActingFor(Permission.ReadCases) is null) return Problems.Forbidden("Your role may not read cases.");

        var validation = new Validation();
        var statusFilter = ParseStatus(status, validation);
        var from = clock.ReadPeriod(validation, "openedFrom", openedFrom);
        var to = clock.ReadPeriod(validation, "openedTo", openedTo);
        var request = PageRequest.Read(validation, NewestFirst.Collection, page, pageSize, cursor);
        validation.Text("q", q);
        validation.Text("regency", regency);
        validation.Text("assignedTo", assignedTo);
        if (nationality is not null) validation.Nationality("nationality", nationality);
        if (referredTo is not null) validation.Agency("referredTo", referredTo);
        if (!validation.IsValid) return validation.Problem();

        // A reporter's own cases are one range of the reporters' ordered keys (when nothing is searched for: a search
        // walks its term's range instead, with the same rule as a condition).
        var reporter = string.IsNullOrWhiteSpace(q) ? CaseVisibility.OnlyReported(user) : null;
        var filter = reporter is null ? CaseVisibility.Filter(user) : new SqlFilter().Where("k.key = {0}", reporter);
        var onlyVisibility = filter.Conditions;
        if (statusFilter is { } s) filter.Where($"{CaseIndex.Status} = {{0}}", s.ToString());
        if (!string.IsNullOrWhiteSpace(regency)) filter.Where($"{CaseIndex.Regency} = {{0}}", regency.Trim().ToLowerInvariant());
        if (nationality is not null) filter.Holds(CaseIndex.Nationalities, nationality.ToUpperInvariant());
        if (referredTo is not null) filter.ReferredTo(referredTo);
        if (!string.IsNullOrWhiteSpace(assignedTo)) filter.Where($"{CaseIndex.AssignedTo} = {{0}}", assignedTo);
        // The database keeps times to the microsecond, rounding, so an instant bound is widened to the microseconds
        // around it: a case's own openedAt, sent back as a bound, always finds that case.
        if (from is { } f) filter.Where($"{CaseIndex.OpenedAt} >= {{0}}", Microseconds(f.Start).Earliest);
        if (to is { } t)
        {
            if (t.IsDay) filter.Where($"{CaseIndex.OpenedAt} < {{0}}", t.End.ToUniversalTime());
            else filter.Where($"{CaseIndex.OpenedAt} <= {{0}}", Microseconds(t.End).Latest);
        }

        var cases = $"{store.Options.Schema.For<Case>()} d";
        if (reporter is not null)
        {
            var reported = OrderedCaseKeys.Reporters.In(store.Options, "k");
            return Answer(await IndexedPages.TryRead<CaseListItem>(
                store, Columns, $"{reported} join {cases} on d.id = k.id", filter, NewestFirstByKey, request, Read, http.RequestAborted,
                countFrom: filter.Conditions == onlyVisibility ? reported : null));
        }

        if (string.IsNullOrWhiteSpace(q))
            return Answer(await IndexedPages.TryRead<CaseListItem>(store, Columns, cases, filter, NewestFirst, request, Read, http.RequestAborted));

        // Whole words first, each a range of the terms index in the list's order; only a query that is not made of a
        // case's terms (part of a word or of a case number, words of a description) is looked for as a substring.
        var terms = OrderedCaseKeys.SearchTerms.In(store.Options, "k");
        var termsAndCases = $"{terms} join {cases} on d.id = k.id";
        var countFrom = filter.IsEmpty ? terms : null;
        foreach (var words in TermQueries(q))
        {
            var matching = filter.Copy().Where("k.key = {0}", words[0]);
            foreach (var word in words.Skip(1))
                matching.Where(
                    $"exists (select 1 from {OrderedCaseKeys.SearchTerms.In(store.Options, "other")} where other.key = {{0}} and other.opened_at_utc = k.opened_at_utc and other.id = k.id)",
                    word);
            // A first page that comes back empty is the answer that nothing visible matches; a later page's emptiness
            // says nothing about the lookup, so it is asked first.
            var first = request is { Number: 1, After: null };
            if (!first && !await IndexedPages.AnyAsync(store, countFrom ?? termsAndCases, matching, http.RequestAborted)) continue;
            var found = await IndexedPages.TryRead<CaseListItem>(
                store, Columns, termsAndCases, matching, NewestFirstByKey, request, Read, http.RequestAborted, countFrom: countFrom);
            if (first && found is { Items.Count: 0 }) continue;
            return Answer(found);
        }

        Matching(filter, q);
        return Answer(await IndexedPages.TryRead<CaseListItem>(
            store, Columns, cases, filter, NewestFirst, request, Read, http.RequestAborted, fewMatches: "d.id"));
    }

    private static IResult Answer(Paged<CaseListItem>? found) => found is null ? Problems.BadCursor() : TypedResults.Ok(found);

    private static (CaseListItem Item, IReadOnlyList<string> Keys) Read(NpgsqlDataReader reader)
    {
        var item = new CaseListItem(
            reader.GetGuid(0), reader.GetString(1), Enum.Parse<CaseStatus>(reader.GetString(2), ignoreCase: true),
            DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.IsDBNull(7) ? null : reader.GetString(7));
        return (item, [KeysetOrder.Key(reader.GetFieldValue<DateTimeOffset>(8)), item.Id.ToString()]);
    }

    /// <summary>
    /// The term lookups a query makes, in turn until one finds a case: the query compacted, when it has separators (a
    /// passport or case number however written), then all its words, in any order (the longest, likely the rarest, walked,
    /// the others checked).
    /// </summary>
    private static IEnumerable<string[]> TermQueries(string q)
    {
        var words = SearchText.Words(q);
        if (words.Length == 0) yield break;
        if (words.Length > 1) yield return [SearchText.Compact(q)];
        yield return [.. words.OrderByDescending(word => word.Length)];
    }

    /// <summary>
    /// <c>q</c> as API.md has it: any part of the case number, a passport number whatever its spacing, dashes or case, a
    /// name or words of the description, accents and punctuation aside. Served by the trigram index on the folded text.
    /// </summary>
    private static void Matching(SqlFilter filter, string q)
    {
        if (string.IsNullOrWhiteSpace(q)) return;
        var folded = SearchText.Fold(q);
        // Only punctuation: nothing is found by it.
        if (folded.Length == 0)
        {
            filter.Where("false");
            return;
        }

        // A term shorter than a trigram is a whole word (" li " finds Li Wei, not Ali): the trigram index then has the spaces
        // around it to go by, where a bare two letters would make PostgreSQL read every row.
        string Pattern(string term) => term.Length < SearchText.ShortestSubstring ? $"% {term} %" : $"%{term}%";
        var compact = SearchText.Compact(q);
        if (compact == folded) filter.Where($"{CaseIndex.Searchable} like {{0}}", Pattern(folded));
        else filter.Where($"{CaseIndex.Searchable} like {{0}} or {CaseIndex.Searchable} like {{1}}", Pattern(folded), Pattern(compact));
    }

    private static CaseStatus? ParseStatus(string? status, Validation validation)
    {
        if (status is null) return null;
        foreach (var value in Enum.GetValues<CaseStatus>())
            if (string.Equals(value.ToString(), status, StringComparison.OrdinalIgnoreCase)) return value;
        validation.Add("status", "One of reported, verified, referred, actionTaken, closed.");
        return null;
    }

    private static (DateTimeOffset Earliest, DateTimeOffset Latest) Microseconds(DateTimeOffset time)
    {
        var instant = time.ToUniversalTime();
        var earliest = instant.AddTicks(-(instant.Ticks % TimeSpan.TicksPerMicrosecond));
        return (earliest, earliest == instant ? instant : earliest.AddTicks(TimeSpan.TicksPerMicrosecond));
    }
}
