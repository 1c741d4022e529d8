using Timpora.Cases.Deciding;
using Timpora.Cases.Tests.Given;

namespace Timpora.Cases.Tests;

public class Assigning
{
    [Fact]
    public void assigning_an_investigator_records_whom_the_supervisor_assigned_and_when()
    {
        var state = Case.From(Happened.Reported());

        var decision = CaseDecisions.Decide(Commands.Assign(People.Investigator.UserId), state, Office.Now);

        decision.ShouldAccept(new CaseAssigned(TheCase.Id, People.Investigator.UserId, Office.Now, People.Supervisor.UserId));
    }

    [Fact]
    public void a_new_assignment_replaces_the_investigator()
    {
        var state = Case.From(Happened.Reported(), Happened.Assigned("usr-rahmat"));

        var assigned = CaseDecisions.Decide(Commands.Assign("usr-kurniawan"), state, Office.Now).ShouldAcceptOne<CaseAssigned>();

        state.Then(assigned).AssignedTo.Should().Be("usr-kurniawan");
    }

    [Fact]
    public void a_closed_case_is_not_assigned()
    {
        var state = Case.From(Happened.Reported(), Happened.Closed());

        CaseDecisions.Decide(Commands.Assign(), state, Office.Now).ShouldRefuse(RefusalReason.StateConflict);
    }
}
