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

        var summaries = await Summaries(store, agency: null, clock.Today, http.RequestAborted);
        return TypedResults.Ok(agencies.Select(agency => summaries.GetValueOrDefault(agency) ?? new AgencyWorkloadSummary(agency, 0, 0, 0, 0)).ToList());
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
        var summary = (await Summaries(store, agency, today, http.RequestAborted)).GetValueOrDefault(agency)
            ?? new AgencyWorkloadSummary(agency, 0, 0, 0, 0);
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
    /// The counts of one agency, or of all, summed by PostgreSQL from the tallies: one row per agency and due date,
    /// however many referrals there are. An open referral is overdue once its due date is before the office's day
    /// (<see cref="ReferralDeadline.IsOverdue"/>).
    /// </summary>
    private static async Task<Dictionary<string, AgencyWorkloadSummary>> Summaries(
        IDocumentStore store, string? agency, DateOnly today, CancellationToken cancellation)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand($"""
            select agency, sum(open), coalesce(sum(open) filter (where due_by < $2), 0), sum(answered), sum(declined)
            from {store.Options.Schema.For<ReferralTally>()} where $1::text is null or agency = $1
            group by agency
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)agency ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = today, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Date });
        var summaries = new Dictionary<string, AgencyWorkloadSummary>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            summaries[reader.GetString(0)] = new AgencyWorkloadSummary(
                reader.GetString(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3), (int)reader.GetInt64(4));
        return summaries;
    }
}
