using Marten;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases;
using Timpora.Cases.Workload;
using Wolverine.Http;

namespace Timpora.Api.Workload;

public sealed record AgencyWorkloadSummary(string Agency, int OpenReferrals, int OverdueReferrals, int AnsweredReferrals, int DeclinedReferrals);

public sealed record OpenReferral(Guid CaseId, string? CaseNumber, Guid ReferralId, DateOnly DueBy, bool Overdue);

public sealed record AgencyWorkloadDetail(
    string Agency, int OpenReferrals, int OverdueReferrals, int AnsweredReferrals, int DeclinedReferrals, IReadOnlyList<OpenReferral> Open);

/// <summary>
/// Which referrals each agency owes, and which are overdue (judged now, against the office's date, so a
/// referral becomes overdue without any event arriving). Eventually consistent: the async daemon builds it.
/// </summary>
public static class AgencyWorkloadEndpoints
{
    [WolverineGet("/api/workload/agencies", OperationId = "listAgencyWorkload")]
    [Tags("Workload")]
    [ProducesResponseType<IReadOnlyList<AgencyWorkloadSummary>>(StatusCodes.Status200OK)]
    public static async Task<IResult> GetAll(HttpContext http, IQuerySession session, OfficeClock clock)
    {
        var user = CurrentUser.From(http.User);
        IEnumerable<string> agencies;
        if (user.ActingFor(Permission.ReadProjections) is not null) agencies = Agencies.All.Order();
        else if (user.ActingFor(Permission.ReadOwnAgencyWorkload) is not null) agencies = [user.Agency];
        else return Problems.Forbidden("Your role may not read workloads.");

        var counts = await Count(session, agency: null, http.RequestAborted);
        var today = clock.Today;
        return TypedResults.Ok(agencies.Select(agency => Summarise(agency, counts, today)).ToList());
    }

    [WolverineGet("/api/workload/agencies/{agency}", OperationId = "getAgencyWorkload")]
    [Tags("Workload")]
    [ProducesResponseType<AgencyWorkloadDetail>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string agency, HttpContext http, IQuerySession session, OfficeClock clock)
    {
        var user = CurrentUser.From(http.User);
        var readsAll = user.ActingFor(Permission.ReadProjections) is not null;
        if (!readsAll && user.ActingFor(Permission.ReadOwnAgencyWorkload) is null)
            return Problems.Forbidden("Your role may not read workloads.");
        if (!readsAll && agency != user.Agency) return Problems.Forbidden("An agency officer reads only their own agency's workload.");
        if (!Agencies.All.Contains(agency)) return Problems.NotFound($"No agency {agency}.");

        var today = clock.Today;
        var summary = Summarise(agency, await Count(session, agency, http.RequestAborted), today);
        var open = (await session.Query<AgencyReferral>()
                .Where(r => r.ToAgency == agency && r.Status == ReferralStatus.Open)
                .ToListAsync(http.RequestAborted))
            .OrderBy(r => r.DueBy).ThenBy(r => r.ReferredAt).ToList();
        var cases = await session.LoadManyAsync<Case>(http.RequestAborted, open.Select(r => r.CaseId).Distinct());
        var numbers = cases.Where(user.CanSee).ToDictionary(c => c.Id, c => c.CaseNumber);

        return TypedResults.Ok(new AgencyWorkloadDetail(
            agency, summary.OpenReferrals, summary.OverdueReferrals, summary.AnsweredReferrals, summary.DeclinedReferrals,
            open.Where(r => numbers.ContainsKey(r.CaseId)).Select(r => new OpenReferral(r.CaseId, numbers.GetValueOrDefault(r.CaseId), r.Id, r.DueBy, r.IsOverdueOn(today))).ToList()));
    }

    /// <summary>How many referrals an agency has in one status with one due date.</summary>
    private sealed record StatusCount(string Agency, ReferralStatus Status, DateOnly DueBy, int Referrals);

    /// <summary>
    /// Counted by PostgreSQL, so only one row per agency, status and due date leaves the database; whether those are overdue
    /// is judged here, by <see cref="ReferralDeadline"/>.
    /// </summary>
    private static async Task<IReadOnlyList<StatusCount>> Count(IQuerySession session, string? agency, CancellationToken cancellation)
    {
        var sql = $"""
            select jsonb_build_object(
                'agency', data ->> 'toAgency',
                'status', data ->> 'status',
                'dueBy', data ->> 'dueBy',
                'referrals', count(*))
            from {session.DocumentStore.Options.Schema.For<AgencyReferral>()}
            {(agency is null ? "" : "where data ->> 'toAgency' = ?")}
            group by data ->> 'toAgency', data ->> 'status', data ->> 'dueBy'
            """;
        return agency is null
            ? await session.QueryAsync<StatusCount>(sql, cancellation)
            : await session.QueryAsync<StatusCount>(sql, cancellation, agency);
    }

    private static AgencyWorkloadSummary Summarise(string agency, IReadOnlyList<StatusCount> counts, DateOnly today)
    {
        var ofAgency = counts.Where(c => c.Agency == agency).ToList();
        int Referrals(ReferralStatus status) => ofAgency.Where(c => c.Status == status).Sum(c => c.Referrals);
        var overdue = ofAgency.Where(c => ReferralDeadline.IsOverdue(c.Status, c.DueBy, today)).Sum(c => c.Referrals);
        return new AgencyWorkloadSummary(
            agency, Referrals(ReferralStatus.Open), overdue, Referrals(ReferralStatus.Answered), Referrals(ReferralStatus.Declined));
    }
}
