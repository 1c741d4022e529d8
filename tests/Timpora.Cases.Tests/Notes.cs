using Timpora.Cases.Deciding;
using Timpora.Cases.Tests.Given;

namespace Timpora.Cases.Tests;

public class Notes
{
    [Fact]
    public void adding_a_note_records_its_text_author_and_time()
    {
        var state = Case.From(Happened.Reported());

        var decision = CaseDecisions.Decide(Commands.Note(People.ManpowerOfficer), state, Office.Now);

        decision.ShouldAccept(new NoteAdded(
            TheCase.Id, "The contractor promised to bring the passports on Monday", Office.Now, People.ManpowerOfficer.UserId));
    }

    [Fact]
    public void a_closed_case_still_takes_notes()
    {
        var state = Case.From(Happened.Reported(), Happened.Closed());

        CaseDecisions.Decide(Commands.Note(People.Auditor), state, Office.Now).ShouldAcceptOne<NoteAdded>().AddedBy.Should().Be(People.Auditor.UserId);
    }

    [Fact]
    public void a_note_touches_the_case_without_changing_its_status()
    {
        var state = Case.From(Happened.Reported(), Happened.Verified());

        var noted = state.Then(Happened.Noted());

        noted.Status.Should().Be(CaseStatus.Verified);
        noted.LastUpdatedAt.Should().Be(Office.At(2025, 7, 12, 12, 0));
    }
}
