using Marten;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases;
using Timpora.Cases.Projections;
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

        var referrals = await session.Query<AgencyReferral>().ToListAsync(http.RequestAborted);
        var byAgency = referrals.ToLookup(r => r.ToAgency);
        var today = clock.Today;
        return TypedResults.Ok(agencies.Select(agency => Summarise(agency, byAgency[agency].ToList(), today)).ToList());
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

        var referrals = await session.Query<AgencyReferral>().Where(r => r.ToAgency == agency).ToListAsync(http.RequestAborted);
        var today = clock.Today;
        var open = referrals.Where(r => r.Status == ReferralStatus.Open).OrderBy(r => r.DueBy).ThenBy(r => r.ReferredAt).ToList();
        var cases = await session.LoadManyAsync<Case>(http.RequestAborted, open.Select(r => r.CaseId).Distinct());
        var numbers = cases.Where(user.CanSee).ToDictionary(c => c.Id, c => c.CaseNumber);

        var summary = Summarise(agency, referrals, today);
        return TypedResults.Ok(new AgencyWorkloadDetail(
            agency, summary.OpenReferrals, summary.OverdueReferrals, summary.AnsweredReferrals, summary.DeclinedReferrals,
            open.Where(r => numbers.ContainsKey(r.CaseId)).Select(r => new OpenReferral(r.CaseId, numbers.GetValueOrDefault(r.CaseId), r.Id, r.DueBy, r.IsOverdueOn(today))).ToList()));
    }

    private static AgencyWorkloadSummary Summarise(string agency, IReadOnlyCollection<AgencyReferral> referrals, DateOnly today) => new(
        agency,
        referrals.Count(r => r.Status == ReferralStatus.Open),
        referrals.Count(r => r.IsOverdueOn(today)),
        referrals.Count(r => r.Status == ReferralStatus.Answered),
        referrals.Count(r => r.Status == ReferralStatus.Declined));
}
