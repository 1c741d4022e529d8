namespace Timpora.Cases.Tests.Auditing;

public class OutcomeMonitorTests
{
    private static NationalityCounts Counts(string nationality, long verified, long removedOrDetained) =>
        new(nationality, verified, new Dictionary<ActionType, long> { [ActionType.Deportation] = removedOrDetained }, removedOrDetained);

    [Fact]
    public void the_overall_rate_is_taken_over_every_verified_case()
    {
        var report = OutcomeMonitor.Assess([Counts("CHN", 40, 4), Counts("MYS", 60, 6)]);

        report.VerifiedCases.Should().Be(100);
        report.RemovedOrDetainedCases.Should().Be(10);
        report.OverallRate.Should().Be(0.1);
        report.Nationalities.Should().OnlyContain(n => n.RemovalOrDetentionRate == 0.1 && n.RatioToOverall == 1 && !n.Flagged);
    }

    [Fact]
    public void a_nationality_removed_or_detained_more_than_twice_as_often_with_twenty_verified_cases_is_flagged()
    {
        var report = OutcomeMonitor.Assess([Counts("AFG", 20, 10), Counts("MYS", 60, 5)]);

        report.OverallRate.Should().Be(15.0 / 80);
        var afg = report.Nationalities.Single(n => n.Nationality == "AFG");
        afg.RemovalOrDetentionRate.Should().Be(0.5);
        afg.Flagged.Should().BeTrue();
        report.Nationalities[0].Should().BeSameAs(afg, "flagged nationalities come first");
        report.Nationalities.Single(n => n.Nationality == "MYS").Flagged.Should().BeFalse();
    }

    [Fact]
    public void fewer_than_twenty_verified_cases_are_never_flagged()
    {
        var report = OutcomeMonitor.Assess([Counts("AFG", 19, 19), Counts("MYS", 100, 1)]);

        report.Nationalities.Single(n => n.Nationality == "AFG").Flagged.Should().BeFalse();
    }

    [Fact]
    public void exactly_twice_the_overall_rate_is_not_yet_flagged()
    {
        var report = OutcomeMonitor.Assess([Counts("AFG", 20, 4), Counts("MYS", 60, 4)]);

        report.OverallRate.Should().Be(0.1);
        report.Nationalities.Single(n => n.Nationality == "AFG").Flagged.Should().BeFalse("0.2 is twice 0.1, not more");
    }

    [Fact]
    public void without_any_removal_or_detention_nothing_is_flagged_and_no_ratio_is_given()
    {
        var report = OutcomeMonitor.Assess([Counts("CHN", 30, 0)]);

        report.OverallRate.Should().Be(0);
        report.Nationalities.Single().RatioToOverall.Should().BeNull();
        report.Nationalities.Single().Flagged.Should().BeFalse();
    }

    [Fact]
    public void the_description_states_the_thresholds_the_monitor_uses()
    {
        OutcomeMonitor.Describe().Should().Contain($"{OutcomeMonitor.MinimumVerifiedCases} verified cases").And.Contain("2 times");
    }
}
