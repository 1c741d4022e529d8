using JasperFx.Events.Daemon;
using Marten;
using Timpora.Api.Tests.Support;
using Timpora.Cases;
using Timpora.Cases.Statistics;

namespace Timpora.Api.Tests.Reliability;

/// <summary>
/// An event a projection cannot apply never vanishes silently (README, Reliability): it stays in the event store, is
/// set aside as a dead letter naming the projection and the event, the projection goes on with later events, and
/// readiness reports the view as degraded until someone deals with it.
/// </summary>
public sealed class ProjectionFailures(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task an_event_a_projection_cannot_apply_is_dead_lettered_reported_and_the_projection_goes_on()
    {
        var poisoned = await AppendedSightingWithoutALocation();
        var healthy = await Host.OpenCase(regency: "Barru");

        await Host.ProjectionsCaughtUp();

        await using var query = Fixture.Store.QuerySession();
        var deadLetter = (await query.Query<DeadLetterEvent>().ToListAsync()).Should()
            .ContainSingle(d => d.ProjectionName == "CaseFacts").Subject;
        deadLetter.EventSequence.Should().Be(poisoned.Sequence);
        deadLetter.ExceptionMessage.Should().NotBeNullOrWhiteSpace();
        (await Host.Stream(poisoned.CaseId)).Should().ContainSingle("the event itself is never skipped in the store");
        (await query.LoadAsync<CaseFacts>(healthy))!.Regency.Should().Be("Barru", "the projection went on past the poison");

        var ready = await Host.Get(null, "/health/ready").Expect(200);
        var projections = ready.Json.GetProperty("checks").GetProperty("projections");
        projections.GetProperty("status").GetString().Should().Be("Degraded");
        projections.GetProperty("description").GetString().Should().Contain("CaseFacts");
        projections.GetProperty("data").GetProperty("deadLetters:CaseFacts:All").GetInt64().Should().Be(1);
    }

    [Fact]
    public async Task without_dead_letters_readiness_reports_the_projections_healthy()
    {
        await Host.OpenCase();
        await Host.ProjectionsCaughtUp();

        var ready = await Host.Get(null, "/health/ready").Expect(200);

        ready.Json.GetProperty("checks").GetProperty("projections").GetProperty("status").GetString().Should().Be("Healthy");
    }

    /// <summary>
    /// A sighting stored without a location, as an older or hand-repaired event might be: the case summary (inline)
    /// takes it, the statistics projection cannot. Appended straight to the store; no endpoint would accept it.
    /// </summary>
    private async Task<(Guid CaseId, long Sequence)> AppendedSightingWithoutALocation()
    {
        var id = Guid.CreateVersion7();
        await using var session = Fixture.Store.LightweightSession();
        session.Events.StartStream<Case>(id, new SightingReported(id, "POISON-2025-000001", Fixture.Clock.GetUtcNow().AddHours(-1), null!,
            new SubjectDescription(null, Nationalities.Unknown, null, Sex.Unknown, null, null), null, null, Fixture.Clock.GetUtcNow(), "rep-lemba"));
        await session.SaveChangesAsync();
        var events = await session.Events.FetchStreamAsync(id);
        return (id, events.Single().Sequence);
    }
}
