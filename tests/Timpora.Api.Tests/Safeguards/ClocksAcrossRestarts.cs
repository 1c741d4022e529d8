using System.Globalization;
using Timpora.Api.Tests.Support;
using Timpora.Cases;
using Timpora.Cases.Deciding;

namespace Timpora.Api.Tests.Safeguards;

/// <summary>
/// A legal clock outlives the process that started it: the check is stored in the database with the events, so the
/// application that starts next over the same database runs it. Each test has a database of its own, so no other
/// host can pick the check up first.
/// </summary>
public sealed class ClocksAcrossRestarts
{
    private static DateOnly TodayAt(TestClock clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);

    [Fact]
    public async Task a_clock_started_before_a_restart_runs_in_the_application_started_after_it()
    {
        var database = await Hosts.NewDatabase();
        var clock = new TestClock();
        var dueBy = TodayAt(clock).AddDays(2);
        Guid id, referralId;
        try
        {
            await using (var before = await Hosts.Start(database, clock))
            {
                id = await before.OpenCase();
                await before.Verify(id);
                referralId = await before.Refer(id, "DISNAKER", dueBy: dueBy);
                (await before.ScheduledClocks()).Should().ContainSingle();
                await before.StopAsync();
            }

            await using var after = await Hosts.Start(database, clock);
            (await after.ScheduledClocks()).Should().ContainSingle("the check was stored with the referral, not held in the stopped process")
                .Which.MessageType.Should().Contain(nameof(CheckReferralDeadline));

            await after.AdvanceClock(clock, TimeSpan.FromDays(4));
            await after.RunDueClocks(id);

            var overdue = (await after.Stream(id))[^1].Data.Should().BeOfType<ReferralOverdue>().Subject;
            overdue.ReferralId.Should().Be(referralId);
            overdue.DueBy.Should().Be(dueBy);
            (await after.ScheduledClocks()).Should().BeEmpty();
        }
        finally
        {
            await Hosts.DropDatabase(database);
        }
    }
}

/// <summary>Public holidays come from configuration (<c>LegalCalendar:Holidays</c>) and move the objection deadline.</summary>
public sealed class HolidaysFromConfiguration
{
    [Fact]
    public async Task a_configured_holiday_gives_the_objection_one_more_working_day()
    {
        // Decided on Friday 11 July 2025: the 21st working day after it is Monday 11 August, or Tuesday 12 with 8 August off.
        var database = await Hosts.NewDatabase();
        try
        {
            await ObjectUnderHolidays(database);
        }
        finally
        {
            await Hosts.DropDatabase(database);
        }
    }

    [Fact]
    public async Task a_holiday_that_is_not_a_date_stops_the_application_from_starting()
    {
        var database = await Hosts.NewDatabase();
        try
        {
            var starting = () => Hosts.Start(database, new TestClock(),
                new Dictionary<string, string?> { ["LegalCalendar:Holidays:0"] = "17 Agustus" });

            (await starting.Should().ThrowAsync<Exception>()).Which.ToString().Should().Contain("yyyy-MM-dd");
        }
        finally
        {
            await Hosts.DropDatabase(database);
        }
    }

    private static async Task ObjectUnderHolidays(string database)
    {
        await using var host = await Hosts.Start(database, new TestClock(),
            new Dictionary<string, string?> { ["LegalCalendar:Holidays:0"] = "2025-08-08", ["LegalCalendar:Holidays:1"] = "2025-12-25" });
        var id = await host.OpenCase();
        await host.Verify(id);
        var decision = await host.Decide(id, Bodies.Decision("warning").With("decidedAt", "2025-07-11T10:00:00+08:00"));
        var later = await host.Decide(id, Bodies.Decision("fee").With("decidedAt", "2025-07-11T10:00:00+08:00"));

        var inTime = await host.Post(Users.Investigator, $"/api/cases/{id}/actions/{decision}/objection",
            Bodies.Objection(DateTimeOffset.Parse("2025-08-12T09:00:00+08:00", CultureInfo.InvariantCulture)));
        var late = await host.Post(Users.Investigator, $"/api/cases/{id}/actions/{later}/objection",
            Bodies.Objection(DateTimeOffset.Parse("2025-08-13T09:00:00+08:00", CultureInfo.InvariantCulture)));

        inTime.Status.Should().Be(201, inTime.Text);
        late.ShouldBeProblem(422).ErrorFields().Should().Equal("filedAt");
        late.Json.GetProperty("errors").GetProperty("filedAt")[0].GetString().Should().Contain("2025-08-12");
    }
}
