using Microsoft.AspNetCore.Mvc;
using Timpora.Cases.Deciding;

namespace Timpora.Api.Infrastructure;

/// <summary>RFC 9457 problem details for every refusal: the only shape an error ever has.</summary>
public static class Problems
{
    public static IResult Status(int status, string title, string detail, IDictionary<string, string[]>? errors = null)
    {
        var problem = errors is null
            ? new ProblemDetails()
            : new HttpValidationProblemDetails(errors);
        problem.Status = status;
        problem.Title = title;
        problem.Detail = detail;
        return TypedResults.Problem(problem);
    }

    public static IResult Validation(IDictionary<string, string[]> errors) =>
        Status(StatusCodes.Status400BadRequest, "The request is not valid.",
            "One or more fields failed validation; see errors.", errors);

    /// <summary>A cursor that parsed but whose keys are not this collection's (the cursor was tampered with).</summary>
    public static IResult BadCursor() =>
        Validation(new Dictionary<string, string[]> { ["cursor"] = ["Not a cursor this collection gave: send the next of a page of it, unchanged."] });

    public static IResult NotFound(string detail = "No such case.") =>
        Status(StatusCodes.Status404NotFound, "Not found.", detail);

    public static IResult Forbidden(string detail) =>
        Status(StatusCodes.Status403Forbidden, "Forbidden.", detail);

    public static IResult Conflict(string detail) =>
        Status(StatusCodes.Status409Conflict, "Conflict.", detail);

    public static IResult PreconditionFailed(long current) =>
        Status(StatusCodes.Status412PreconditionFailed, "The case has changed.",
            $"If-Match named a version that is no longer current; the case is at version {current}. Read it again and retry.");

    public static IResult From(Refusal refusal) => refusal.Reason switch
    {
        RefusalReason.StateConflict => Conflict(refusal.Detail),
        RefusalReason.NotFound => NotFound(refusal.Detail),
        RefusalReason.Forbidden => Forbidden(refusal.Detail),
        RefusalReason.SafeguardsNotMet => Status(StatusCodes.Status422UnprocessableEntity,
            "The decision does not meet the safeguards.", refusal.Detail,
            refusal.Errors?.ToDictionary(e => e.Key, e => e.Value)),
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal.Reason, null),
    };
}
