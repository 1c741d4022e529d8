using Timpora.Cases.Deciding;
using Timpora.Cases.Tests.Given;

namespace Timpora.Cases.Tests;

public class ReportingSightings
{
    [Fact]
    public void reporting_a_sighting_opens_a_case_with_what_was_seen_who_reported_it_and_when()
    {
        var decision = CaseDecisions.Decide(Commands.Report(Sightings.TraderAtParepare, People.MunicipalPoliceReporter), Office.Now);

        decision.ShouldAccept(new SightingReported(
            TheCase.Id, TheCase.Number, Office.At(2025, 7, 3, 16, 45), Sightings.PortOfParepare, Sightings.MalaysianTrader,
            "trading cocoa beans at the port", ReportingChannel.Apoa, Office.Now, People.MunicipalPoliceReporter.UserId));
    }

    [Fact]
    public void a_reported_case_starts_with_one_sighting_its_reporter_and_its_place()
    {
        var state = Case.From(Happened.Reported(Sightings.WelderInBarru, at: Office.At(2025, 7, 11, 7, 30)));

        state.Should().BeEquivalentTo(new
        {
            Id = TheCase.Id,
            CaseNumber = TheCase.Number,
            OpenedAt = Office.At(2025, 7, 11, 7, 30),
            LastUpdatedAt = Office.At(2025, 7, 11, 7, 30),
            Location = Sightings.PowerPlantInBarru,
            Sightings = 1,
            ReportedBy = new[] { People.VillageReporter.UserId },
            AssignedTo = (string?)null,
            Status = CaseStatus.Reported,
        });
    }

    [Fact]
    public void a_report_sent_again_by_its_reporter_with_the_same_sighting_repeats_the_original()
    {
        var original = Happened.Reported(Sightings.TraderAtParepare, by: People.VillageReporter);

        Commands.Report(Sightings.TraderAtParepare, People.VillageReporter).Repeats(original).Should().BeTrue();
    }

    [Fact]
    public void the_same_sighting_under_the_same_id_from_anyone_else_does_not_repeat_the_original()
    {
        var original = Happened.Reported(Sightings.TraderAtParepare, by: People.VillageReporter);

        Commands.Report(Sightings.TraderAtParepare, People.Investigator).Repeats(original).Should().BeFalse();
    }

    [Fact]
    public void a_report_naming_the_same_moment_in_another_offset_repeats_the_original()
    {
        var original = Happened.Reported(Sightings.TraderAtParepare);
        var inUtc = Sightings.TraderAtParepare with { ObservedAt = Sightings.TraderAtParepare.ObservedAt.ToUniversalTime() };

        Commands.Report(inUtc).Repeats(original).Should().BeTrue();
    }

    [Fact]
    public void a_report_with_the_same_id_but_a_different_description_of_the_person_does_not_repeat_the_original()
    {
        var original = Happened.Reported(Sightings.ConstructionWorkerInSoppeng);
        var otherBody = Sightings.ConstructionWorkerInSoppeng with
        {
            Subject = Sightings.ChineseWorker with { Description = "Tall, wearing a blue helmet" },
        };

        Commands.Report(otherBody).Repeats(original).Should().BeFalse();
    }

    [Theory]
    [InlineData("observedAt")]
    [InlineData("location")]
    [InlineData("activity")]
    [InlineData("channel")]
    [InlineData("nationality")]
    public void a_report_that_differs_in_what_was_seen_does_not_repeat_the_original(string field)
    {
        var seen = Sightings.ConstructionWorkerInSoppeng;
        var original = Happened.Reported(seen);
        var changed = field switch
        {
            "observedAt" => seen with { ObservedAt = seen.ObservedAt.AddMinutes(1) },
            "location" => seen with { Location = seen.Location with { Village = "Bila" } },
            "activity" => seen with { Activity = "shopping at the market" },
            "channel" => seen with { Channel = ReportingChannel.Hotline },
            "nationality" => seen with { Subject = seen.Subject with { Nationality = "MYS" } },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        Commands.Report(changed).Repeats(original).Should().BeFalse();
    }

    [Fact]
    public void a_report_of_the_same_sighting_under_another_case_id_does_not_repeat_the_original()
    {
        var original = Happened.Reported(Sightings.ConstructionWorkerInSoppeng);
        var command = Commands.Report() with { CaseId = Guid.Parse("0197f3c1-5b2e-7a10-8c4d-3e2f1a9b7c99") };

        command.Repeats(original).Should().BeFalse();
    }

    [Fact]
    public void seeing_the_person_again_adds_a_sighting_to_the_case()
    {
        var state = Case.From(Happened.Reported());
        var seen = Sightings.ConstructionWorkerInSoppeng with { ObservedAt = Office.At(2025, 7, 14, 7, 45), Activity = "carrying cement" };

        var decision = CaseDecisions.Decide(Commands.SeeAgain(seen, People.MunicipalPoliceReporter), state, Office.Now);

        decision.ShouldAccept(new AdditionalSightingReported(
            TheCase.Id, Office.At(2025, 7, 14, 7, 45), Sightings.LembaInSoppeng, Sightings.ChineseWorker, "carrying cement",
            ReportingChannel.FieldTeam, Office.Now, People.MunicipalPoliceReporter.UserId));
    }

    [Fact]
    public void another_sighting_counts_and_its_reporter_joins_those_who_see_the_case()
    {
        var state = Case.From(Happened.Reported(by: People.VillageReporter), Happened.SeenAgain(by: People.MunicipalPoliceReporter));

        state.Sightings.Should().Be(2);
        state.ReportedBy.Should().Equal(People.VillageReporter.UserId, People.MunicipalPoliceReporter.UserId);
        state.LastUpdatedAt.Should().Be(Office.At(2025, 7, 10, 17, 20));
    }

    [Fact]
    public void a_reporter_who_sees_the_person_again_is_listed_once()
    {
        var state = Case.From(Happened.Reported(by: People.VillageReporter), Happened.SeenAgain(by: People.VillageReporter));

        state.Sightings.Should().Be(2);
        state.ReportedBy.Should().Equal(People.VillageReporter.UserId);
    }

    [Fact]
    public void a_closed_case_takes_no_further_sighting()
    {
        var state = Case.From(Happened.Reported(), Happened.Closed(ClosureReason.Duplicate));

        CaseDecisions.Decide(Commands.SeeAgain(), state, Office.Now).ShouldRefuse(RefusalReason.StateConflict);
    }
}
