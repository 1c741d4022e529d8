using System.Text.Json.Serialization;
using Marten.Schema;
using Timpora.Cases.Listing;

namespace Timpora.Cases;

/// <summary>
/// The case index: what the list, the queues and search filter and sort on, derived from the case. Each is kept in a
/// column of the case's row (<see cref="CaseIndex"/>), written with the events in the same transaction, and none is
/// stored in the JSON. They tolerate a part missing from an event (an older or hand-repaired one): the case must still be
/// written, since the write model is folded from the same events.
/// </summary>
public sealed partial record Case
{
    /// <summary>The opening instant in UTC, the list's order (the JSON keeps the offset the case was reported in).</summary>
    [JsonIgnore]
    public DateTimeOffset OpenedAtUtc => OpenedAt.ToUniversalTime();

    [JsonIgnore]
    public string IndexedStatus => Status.ToString();

    [JsonIgnore]
    public string RegencyKey => (Location?.Regency ?? "").Trim().ToLowerInvariant();

    /// <summary>The nationality as reported and as verified: a filter on either finds the case.</summary>
    [JsonIgnore]
    public string[] NationalityCodes =>
        new[] { Subject?.Nationality, Verification?.Identity?.Nationality }.OfType<string>().Distinct().ToArray();

    [JsonIgnore]
    public string[] Reporters => [.. ReportedBy];

    /// <summary>Every agency the case was ever referred to: an agency officer sees those cases.</summary>
    [JsonIgnore]
    public string[] ReferredAgencies => Referrals.Select(r => r.ToAgency).Distinct().ToArray();

    [JsonIgnore]
    public string Searchable => SearchText.Of(this);

    /// <summary>The whole words the case is found by (<see cref="OrderedCaseKeys.SearchTerms"/> keeps one ordered row per term).</summary>
    [JsonIgnore]
    public string[] SearchTerms => SearchText.Terms(this);

    /// <summary>Marten's hook for the mapping of this document: the case index's columns and indexes.</summary>
    public static void ConfigureMarten(DocumentMapping<Case> mapping) => CaseIndex.Map(mapping);
}
