using System.Globalization;
using System.Linq.Expressions;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Timpora.Api.Infrastructure;
using Timpora.Api.Security;
using Timpora.Cases;
using Wolverine.Http;
using RoleNames = Timpora.Cases.Roles;

namespace Timpora.Api.Cases.Listing;

public sealed record CaseListItem(
    Guid Id, string CaseNumber, CaseStatus Status, DateTimeOffset OpenedAt, string Regency, string? Nationality, string? SubjectName, string? AssignedTo);

public sealed record CaseList(IReadOnlyList<CaseListItem> Items, int Page, int PageSize, long Total);

/// <summary>The cases the caller may see, newest first, filtered and paged.</summary>
public static class ListCasesEndpoint
{
    public const int DefaultPageSize = 50;
    public const int MaximumPageSize = 200;

    [WolverineGet("/api/cases", OperationId = "listCases")]
    [Tags("Cases")]
    [ProducesResponseType<CaseList>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(
        string? status, string? regency, string? nationality, string? referredTo, string? assignedTo,
        string? openedFrom, string? openedTo, string? q, string? page, string? pageSize,
        HttpContext http, IQuerySession session, OfficeClock clock)
    {
        var user = CurrentUser.From(http.User);
        if (user.ActingFor(Permission.ReadCases) is null) return Problems.Forbidden("Your role may not read cases.");

        var validation = new Validation();
        var statusFilter = ParseStatus(status, validation);
        var from = clock.ReadPeriod(validation, "openedFrom", openedFrom);
        var to = clock.ReadPeriod(validation, "openedTo", openedTo);
        var pageNumber = ParsePositive("page", page, 1, validation);
        var size = Math.Min(ParsePositive("pageSize", pageSize, DefaultPageSize, validation), MaximumPageSize);
        validation.Text("q", q);
        validation.Text("regency", regency);
        validation.Text("assignedTo", assignedTo);
        if (nationality is not null) validation.Nationality("nationality", nationality);
        if (referredTo is not null) validation.Agency("referredTo", referredTo);
        if (!validation.IsValid) return validation.Problem();

        IQueryable<Case> Matching()
        {
            var query = session.Query<Case>().Where(VisibleTo(user));
            if (statusFilter is { } s) query = query.Where(c => c.Status == s);
            if (!string.IsNullOrWhiteSpace(regency))
            {
                var wanted = regency.Trim();
                query = query.Where(c => c.Location.Regency.Equals(wanted, StringComparison.OrdinalIgnoreCase));
            }

            if (nationality is not null)
            {
                var code = nationality.ToUpperInvariant();
                query = query.Where(c => c.Subject.Nationality == code || c.Verification!.Identity.Nationality == code);
            }

            if (referredTo is not null) query = query.Where(c => c.Referrals.Any(r => r.ToAgency == referredTo));
            if (!string.IsNullOrWhiteSpace(assignedTo)) query = query.Where(c => c.AssignedTo == assignedTo);
            // The database keeps times to the microsecond, rounding, so an instant bound is widened to the microseconds
            // around it: a case's own openedAt, sent back as a bound, always finds that case.
            if (from is { } f)
            {
                var earliest = Microseconds(f.Start).Earliest;
                query = query.Where(c => c.OpenedAt >= earliest);
            }

            if (to is { } t)
            {
                var latest = t.IsDay ? t.End : Microseconds(t.End).Latest;
                query = t.IsDay ? query.Where(c => c.OpenedAt < latest) : query.Where(c => c.OpenedAt <= latest);
            }

            if (!string.IsNullOrWhiteSpace(q))
            {
                var text = q.Trim();
                query = query.Where(c =>
                    c.CaseNumber.Contains(text, StringComparison.OrdinalIgnoreCase)
                    || c.Subject.Name!.Contains(text, StringComparison.OrdinalIgnoreCase)
                    || c.Subject.PassportNumber!.Contains(text, StringComparison.OrdinalIgnoreCase)
                    || c.Subject.Description!.Contains(text, StringComparison.OrdinalIgnoreCase)
                    || c.Verification!.Identity.FullName.Contains(text, StringComparison.OrdinalIgnoreCase)
                    || c.Verification!.Identity.PassportNumber!.Contains(text, StringComparison.OrdinalIgnoreCase));
            }

            return query;
        }

        // The page alone follows the index on (openedAt, id) and stops after its rows; counting alongside it
        // (count(*) over ()) would make PostgreSQL read and sort every matching case first.
        var skip = (long)(pageNumber - 1) * size;
        var found = skip > int.MaxValue
            ? []
            : await Matching().OrderByDescending(c => c.OpenedAt).ThenByDescending(c => c.Id)
                .Skip((int)skip).Take(size).ToListAsync(http.RequestAborted);
        // A page with room to spare is the last one (or, the first page, the only one), so it tells the total without
        // counting; an empty page past the end does not.
        var total = found.Count < size && (found.Count > 0 || pageNumber == 1)
            ? skip + found.Count
            : await Matching().LongCountAsync(http.RequestAborted);

        return TypedResults.Ok(new CaseList(
            found.Select(c => new CaseListItem(c.Id, c.CaseNumber, c.Status, c.OpenedAt, c.Location.Regency,
                c.Verification?.Identity.Nationality ?? c.Subject.Nationality,
                c.Verification?.Identity.FullName ?? c.Subject.Name,
                c.AssignedTo)).ToList(),
            pageNumber, size, total));
    }

    /// <summary>The same rule as <see cref="CurrentUser.CanSee"/>, as a database filter.</summary>
    private static Expression<Func<Case, bool>> VisibleTo(CurrentUser user)
    {
        if (user.SeesEveryCase) return _ => true;

        var agency = user.Agency;
        var userId = user.UserId;
        var officer = user.Has(RoleNames.AgencyOfficer);
        var reporter = user.Has(RoleNames.Reporter);
        return officer && reporter ? c => c.Referrals.Any(r => r.ToAgency == agency) || c.ReportedBy.Contains(userId)
            : officer ? c => c.Referrals.Any(r => r.ToAgency == agency)
            : reporter ? c => c.ReportedBy.Contains(userId)
            : _ => false;
    }

    private static CaseStatus? ParseStatus(string? status, Validation validation)
    {
        if (status is null) return null;
        foreach (var value in Enum.GetValues<CaseStatus>())
            if (string.Equals(value.ToString(), status, StringComparison.OrdinalIgnoreCase)) return value;
        validation.Add("status", "One of reported, verified, referred, actionTaken, closed.");
        return null;
    }

    private static (DateTimeOffset Earliest, DateTimeOffset Latest) Microseconds(DateTimeOffset time)
    {
        var instant = time.ToUniversalTime();
        var earliest = instant.AddTicks(-(instant.Ticks % TimeSpan.TicksPerMicrosecond));
        return (earliest, earliest == instant ? instant : earliest.AddTicks(TimeSpan.TicksPerMicrosecond));
    }

    private static int ParsePositive(string field, string? value, int fallback, Validation validation)
    {
        if (value is null) return fallback;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= 1) return parsed;
        validation.Add(field, "A whole number from 1.");
        return fallback;
    }
}
