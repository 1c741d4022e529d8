using Marten.Events.Projections;

namespace Timpora.Cases.ForeignNationals;

/// <summary>Every case one person (nationality + passport number) has been in, and every name they were known by.</summary>
public sealed record ForeignNationalProfile
{
    public string Id { get; init; } = "";
    public string Nationality { get; init; } = "";
    public string PassportNumber { get; init; } = "";
    public IReadOnlyList<string> Names { get; init; } = [];
    public IReadOnlyList<Guid> CaseIds { get; init; } = [];

    /// <summary>Which case gave each name: a reader who sees only some of the cases learns only their names.</summary>
    public IReadOnlyList<NameSource> NameSources { get; init; } = [];

    /// <summary>The names the given cases gave, each once, in the order they were first recorded.</summary>
    public IReadOnlyList<string> NamesFrom(Func<Guid, bool> cases) =>
        NameSources.Where(source => cases(source.CaseId)).Select(source => source.Name).Distinct(StringComparer.Ordinal).ToList();

    public static string KeyOf(string nationality, string passportNumber) => $"{nationality}:{passportNumber}";

    /// <summary>The profile a sighting or verification belongs to: none until both nationality and passport are known.</summary>
    public static IReadOnlyList<string> KeysOf(string? nationality, string? passportNumber) =>
        string.IsNullOrWhiteSpace(nationality) || nationality == Nationalities.Unknown || string.IsNullOrWhiteSpace(passportNumber)
            ? []
            : [KeyOf(nationality, passportNumber)];

    public ForeignNationalProfile With(Guid caseId, string? name) => this with
    {
        CaseIds = CaseIds.Contains(caseId) ? CaseIds : [.. CaseIds, caseId],
        Names = string.IsNullOrWhiteSpace(name) || Names.Contains(name) ? Names : [.. Names, name],
        NameSources = string.IsNullOrWhiteSpace(name) || NameSources.Contains(new NameSource(caseId, name))
            ? NameSources
            : [.. NameSources, new NameSource(caseId, name)],
    };

    public static ForeignNationalProfile For(string nationality, string passportNumber) =>
        new() { Id = KeyOf(nationality, passportNumber), Nationality = nationality, PassportNumber = passportNumber };
}

public sealed record NameSource(Guid CaseId, string Name);

public sealed partial class ForeignNationalProfileProjection : MultiStreamProjection<ForeignNationalProfile, string>
{
    public ForeignNationalProfileProjection()
    {
        Identities<SightingReported>(e => ForeignNationalProfile.KeysOf(e.Subject.Nationality, e.Subject.PassportNumber));
        Identities<AdditionalSightingReported>(e => ForeignNationalProfile.KeysOf(e.Subject.Nationality, e.Subject.PassportNumber));
        Identities<IdentityVerified>(e => ForeignNationalProfile.KeysOf(e.Identity.Nationality, e.Identity.PassportNumber));
    }

    public ForeignNationalProfile Create(SightingReported e) =>
        ForeignNationalProfile.For(e.Subject.Nationality!, e.Subject.PassportNumber!).With(e.CaseId, e.Subject.Name);

    public ForeignNationalProfile Create(AdditionalSightingReported e) =>
        ForeignNationalProfile.For(e.Subject.Nationality!, e.Subject.PassportNumber!).With(e.CaseId, e.Subject.Name);

    public ForeignNationalProfile Create(IdentityVerified e) =>
        ForeignNationalProfile.For(e.Identity.Nationality, e.Identity.PassportNumber!).With(e.CaseId, e.Identity.FullName);

    public ForeignNationalProfile Apply(SightingReported e, ForeignNationalProfile profile) => profile.With(e.CaseId, e.Subject.Name);

    public ForeignNationalProfile Apply(AdditionalSightingReported e, ForeignNationalProfile profile) => profile.With(e.CaseId, e.Subject.Name);

    public ForeignNationalProfile Apply(IdentityVerified e, ForeignNationalProfile profile) => profile.With(e.CaseId, e.Identity.FullName);
}
