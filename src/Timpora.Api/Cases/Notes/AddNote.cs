using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine.Http;

namespace Timpora.Api.Cases.Notes;

public sealed record AddNoteRequest([property: Required] string? Text)
{
    public Validated<AddNote> ToCommand(Guid caseId, Actor by) => Validation.Command(check =>
        new AddNote(caseId, check.RequiredText("text", Text, Validation.LongText), by));
}

/// <summary>Anyone who sees the case comments on it, closed or not.</summary>
public static class AddNoteEndpoint
{
    [WolverinePost("/api/cases/{id}/notes", OperationId = "addNote")]
    [Tags("Cases")]
    [ProducesResponseType<CaseWritten>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, AddNoteRequest? request, CaseWriter cases) =>
        cases.Decide(id, request, (r, issued) => r.ToCommand(id, issued.By));
}
