using Marten;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases;
using Timpora.Cases.Listing;
using Wolverine.Http;

namespace Timpora.Api.Workload;

public sealed record QueuedCase(Guid CaseId, string CaseNumber, CaseStatus Status);

/// <summary>An investigator's open cases, a page of them under <c>items</c>.</summary>
public sealed record InvestigatorQueue : Paged<QueuedCase>
{
    public InvestigatorQueue(string userId, Paged<QueuedCase> page) : base(page) => UserId = userId;

    public string UserId { get; }
}

/// <summary>
/// The open cases assigned to an investigator, oldest first. Served from the case index, which is written in the same
/// transaction as the events: an assignment shows here at once.
/// </summary>
public static class InvestigatorQueueEndpoint
{
    private static readonly KeysetOrder OldestFirst = new("investigator-queue", [CaseIndex.OpenedAt, "d.id"], Descending: false, keys =>
        KeysetOrder.Instant(keys[0]) is { } openedAt && Guid.TryParse(keys[1], out var id) ? [openedAt, id] : null);

    [WolverineGet("/api/workload/investigators/{userId}", OperationId = "getInvestigatorQueue")]
    [Tags("Workload")]
    [ProducesResponseType<InvestigatorQueue>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string userId, string? page, string? pageSize, string? cursor, HttpContext http, IDocumentStore store)
    {
        var user = CurrentUser.From(http.User);
        if (user.ActingFor(Permission.ReadProjections) is null) return Problems.Forbidden("Your role may not read investigators' queues.");

        var validation = new Validation();
        var request = PageRequest.Read(validation, OldestFirst.Collection, page, pageSize, cursor);
        if (!validation.IsValid) return validation.Problem();

        var filter = CaseVisibility.Filter(user)
            .Where($"{CaseIndex.AssignedTo} = {{0}}", userId)
            .Where(CaseIndex.IsOpen);
        var found = await IndexedPages.TryRead<QueuedCase>(store, $"d.id, {CaseIndex.CaseNumber}, d.data ->> 'status', {CaseIndex.OpenedAt}",
            $"{store.Options.Schema.For<Case>()} d", filter, OldestFirst, request, reader =>
            {
                var queued = new QueuedCase(reader.GetGuid(0), reader.GetString(1), Enum.Parse<CaseStatus>(reader.GetString(2), ignoreCase: true));
                return (queued, [KeysetOrder.Key(reader.GetFieldValue<DateTimeOffset>(3)), queued.CaseId.ToString()]);
            }, http.RequestAborted);
        return found is null ? Problems.BadCursor() : TypedResults.Ok(new InvestigatorQueue(userId, found));
    }
}
