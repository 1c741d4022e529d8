using System.Globalization;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Timpora.Cases.Statistics;

/// <summary>
/// What the regional statistics count about one case: where and when it was first seen, every later sighting,
/// the nationality (verified if known, else as reported), the verification finding and the actions decided.
/// Statistics are sums over these facts, so a case counted once is counted once however often events arrive.
/// </summary>
public sealed record CaseFacts
{
    public Guid Id { get; init; }
    public string Regency { get; init; } = "";
    public DateTimeOffset FirstObservedAt { get; init; }

    /// <summary>The month of the first sighting, <c>yyyy-MM</c>, in the offset the sighting was reported in.</summary>
    public string Month { get; init; } = "";

    public string Nationality { get; init; } = Nationalities.Unknown;
    public VerificationFinding? Finding { get; init; }
    public IReadOnlyList<DecidedAction> Actions { get; init; } = [];

    /// <summary>Each sighting by the stream version of its event, so an event delivered twice is counted once.</summary>
    public IReadOnlyList<Seen> Sightings { get; init; } = [];

    public sealed record Seen(long Version, DateTimeOffset ObservedAt);

    public sealed record DecidedAction(Guid DecisionId, ActionType Type);

    public static string MonthOf(DateTimeOffset time) => time.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}

/// <remarks>
/// Marten's default batch (500 events) on purpose: every write of a case's facts moves the statistics counters
/// (<see cref="StatisticsRollups"/>), and cases of the same day share counter rows, so a batch updates the same rows once per
/// case in one transaction, each update walking the row versions the batch left before it.
/// </remarks>
public sealed partial class CaseFactsProjection : SingleStreamProjection<CaseFacts, Guid>
{
    public CaseFacts Create(SightingReported e) => new()
    {
        Id = e.CaseId,
        Regency = e.Location.Regency,
        FirstObservedAt = e.ObservedAt,
        Month = CaseFacts.MonthOf(e.ObservedAt),
        Nationality = e.Subject.Nationality ?? Nationalities.Unknown,
        Sightings = [new CaseFacts.Seen(1, e.ObservedAt)],
    };

    public CaseFacts Apply(IEvent<AdditionalSightingReported> e, CaseFacts facts) =>
        facts.Sightings.Any(s => s.Version == e.Version)
            ? facts
            : facts with { Sightings = [.. facts.Sightings, new CaseFacts.Seen(e.Version, e.Data.ObservedAt)] };

    public CaseFacts Apply(IdentityVerified e, CaseFacts facts) =>
        facts with { Nationality = e.Identity.Nationality, Finding = e.Finding };

    public CaseFacts Apply(AdministrativeActionDecided e, CaseFacts facts) =>
        facts.Actions.Any(a => a.DecisionId == e.DecisionId)
            ? facts
            : facts with { Actions = [.. facts.Actions, new CaseFacts.DecidedAction(e.DecisionId, e.Type)] };
}
