using System.Globalization;
using Marten;
using Npgsql;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases;
using Timpora.Cases.Workload;
using Wolverine.Http;

namespace Timpora.Api.Workload;

public sealed record AgencyWorkloadSummary(string Agency, int OpenReferrals, int OverdueReferrals, int AnsweredReferrals, int DeclinedReferrals);

public sealed record OpenReferral(Guid CaseId, string? CaseNumber, Guid ReferralId, DateOnly DueBy, bool Overdue);

/// <summary>An agency's counts, and a page of the referrals it owes under <c>items</c>, soonest due first.</summary>
public sealed record AgencyWorkloadDetail : Paged<OpenReferral>
{
    public AgencyWorkloadDetail(AgencyWorkloadSummary summary, Paged<OpenReferral> open) : base(open)
    {
        Agency = summary.Agency;
        OpenReferrals = summary.OpenReferrals;
        OverdueReferrals = summary.OverdueReferrals;
        AnsweredReferrals = summary.AnsweredReferrals;
        DeclinedReferrals = summary.DeclinedReferrals;
    }

    public string Agency { get; }
    public int OpenReferrals { get; }
    public int OverdueReferrals { get; }
    public int AnsweredReferrals { get; }
    public int DeclinedReferrals { get; }
}

/// <summary>
/// Which referrals each agency owes, and which are overdue (judged now, against the office's date, so a
/// referral becomes overdue without any event arriving). Eventually consistent: the async daemon builds it.
/// </summary>
public static class AgencyWorkloadEndpoints
{
    [WolverineGet("/api/workload/agencies", OperationId = "listAgencyWorkload")]
    [Tags("Workload")]
    [ProducesResponseType<IReadOnlyList<AgencyWorkloadSummary>>(StatusCodes.Status200OK)]
    public static async Task<IResult> GetAll(HttpContext http, IDocumentStore store, OfficeClock clock)
    {
        var user = CurrentUser.From(http.User);
        IEnumerable<string> agencies;
        if (user.ActingFor(Permission.ReadProjections) is not null) agencies = Agencies.All.Order();
        else if (user.ActingFor(Permission.ReadOwnAgencyWorkload) is not null) agencies = [user.Agency];
        else return Problems.Forbidden("Your role may not read workloads.");

        var tallies = await Tallies(store, agency: null, http.RequestAborted);
        var today = clock.Today;
        return TypedResults.Ok(agencies.Select(agency => Summarise(agency, tallies, today)).ToList());
    }

    [WolverineGet("/api/workload/agencies/{agency}", OperationId = "getAgencyWorkload")]
    [Tags("Workload")]
    [ProducesResponseType<AgencyWorkloadDetail>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(
        string agency, string? page, string? pageSize, string? cursor, HttpContext http, IDocumentStore store, OfficeClock clock)
    {
        var user = CurrentUser.From(http.User);
        var readsAll = user.ActingFor(Permission.ReadProjections) is not null;
        if (!readsAll && user.ActingFor(Permission.ReadOwnAgencyWorkload) is null)
            return Problems.Forbidden("Your role may not read workloads.");
        if (!readsAll && agency != user.Agency) return Problems.Forbidden("An agency officer reads only their own agency's workload.");
        if (!Agencies.All.Contains(agency)) return Problems.NotFound($"No agency {agency}.");

        var validation = new Validation();
        var request = PageRequest.Read(validation, SoonestDue.Collection, page, pageSize, cursor);
        if (!validation.IsValid) return validation.Problem();

        var today = clock.Today;
        var summary = Summarise(agency, await Tallies(store, agency, http.RequestAborted), today);
        // An officer of the agency sees every case referred to it, so only others need the case's visibility checked.
        var visibility = user.Has(Roles.AgencyOfficer) && user.Agency == agency ? new SqlFilter() : CaseVisibility.Filter(user);
        // Whoever sees every referred case has the agency's open referrals counted by its tallies already.
        long? total = visibility.IsEmpty ? summary.OpenReferrals : null;
        var filter = visibility.Where("r.to_agency = {0}", agency).Where("r.is_open");
        var open = await IndexedPages.TryRead<OpenReferral>(store,
            "(r.data ->> 'caseId')::uuid, d.case_number, r.id, r.due_by, r.referred_at_utc",
            $"{store.Options.Schema.For<AgencyReferral>()} r left join {store.Options.Schema.For<Case>()} d on d.id = (r.data ->> 'caseId')::uuid",
            filter, SoonestDue, request, reader =>
            {
                var dueBy = reader.GetFieldValue<DateOnly>(3);
                var referral = new OpenReferral(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetGuid(2), dueBy,
                    ReferralDeadline.IsOverdue(ReferralStatus.Open, dueBy, today));
                return (referral, [dueBy.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    KeysetOrder.Key(reader.GetFieldValue<DateTimeOffset>(4)), referral.ReferralId.ToString()]);
            }, http.RequestAborted, knownTotal: total);
        return open is null ? Problems.BadCursor() : TypedResults.Ok(new AgencyWorkloadDetail(summary, open));
    }

    private static readonly KeysetOrder SoonestDue = new("agency-workload", ["r.due_by", "r.referred_at_utc", "r.id"], Descending: false, keys =>
        DateOnly.TryParseExact(keys[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dueBy)
        && KeysetOrder.Instant(keys[1]) is { } referredAt && Guid.TryParse(keys[2], out var id)
            ? [dueBy, referredAt, id]
            : null);

    /// <summary>
    /// The tallies of one agency, or of all: one row per agency and due date, however many referrals there are, read as
    /// plain columns (thousands of rows over years of due dates; materialising them as documents would cost more than reading).
    /// </summary>
    private static async Task<IReadOnlyList<ReferralTally>> Tallies(IDocumentStore store, string? agency, CancellationToken cancellation)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand($"""
            select agency, (data ->> 'dueBy')::date, (data ->> 'open')::int, (data ->> 'answered')::int, (data ->> 'declined')::int
            from {store.Options.Schema.For<ReferralTally>()} where $1::text is null or agency = $1
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)agency ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var tallies = new List<ReferralTally>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            tallies.Add(new ReferralTally
            {
                Agency = reader.GetString(0), DueBy = reader.GetFieldValue<DateOnly>(1), Open = reader.GetInt32(2),
                Answered = reader.GetInt32(3), Declined = reader.GetInt32(4),
            });
        return tallies;
    }

    private static AgencyWorkloadSummary Summarise(string agency, IReadOnlyList<ReferralTally> tallies, DateOnly today)
    {
        var ofAgency = tallies.Where(t => t.Agency == agency).ToList();
        return new AgencyWorkloadSummary(
            agency,
            ofAgency.Sum(t => t.Open),
            ofAgency.Where(t => ReferralDeadline.IsOverdue(ReferralStatus.Open, t.DueBy, today)).Sum(t => t.Open),
            ofAgency.Sum(t => t.Answered),
            ofAgency.Sum(t => t.Declined));
    }
}
