using Marten;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases.Deciding;
using Wolverine.Http;

namespace Timpora.Api.Cases.Notes;

public sealed record AddNoteRequest(string? Text)
{
    public Validation Validate() => new Validation().RequiredText("text", Text, Validation.LongText);
}

public static class AddNoteEndpoint
{
    [WolverinePost("/api/cases/{id}/notes", OperationId = "addNote")]
    [Tags("Cases")]
    [ProducesResponseType<CaseWritten>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, AddNoteRequest? request, HttpContext http, IDocumentSession session, OfficeClock clock) =>
        session.Decide(http, id, Permission.AddNote, Validation.Of(request, r => r.Validate()),
            (actor, state) => CaseDecisions.Decide(new AddNote(id, request!.Text!, actor), state, clock.Now),
            version => TypedResults.Ok(new CaseWritten(id, version)));
}
