using Timpora.Api.Infrastructure;
using Timpora.Cases.Listing;
using RoleNames = Timpora.Cases.Roles;

namespace Timpora.Api.Security;

/// <summary>The rule of <see cref="CurrentUser.CanSee"/>, as conditions on the case index (the case table as <c>d</c>).</summary>
public static class CaseVisibility
{
    public static SqlFilter Filter(CurrentUser user)
    {
        var filter = new SqlFilter();
        if (user.SeesEveryCase) return filter;

        var officer = user.Has(RoleNames.AgencyOfficer);
        var reporter = user.Has(RoleNames.Reporter);
        return officer && reporter
            ? filter.Where($"{CaseIndex.ReferredAgencies} @> {{0}} or {CaseIndex.Reporters} @> {{1}}", new[] { user.Agency }, new[] { user.UserId })
            : officer ? filter.ReferredTo(user.Agency)
            : reporter ? filter.Holds(CaseIndex.Reporters, user.UserId)
            : filter.Where("false");
    }

    /// <summary>The user's id when they see exactly the cases they reported (a reporter and nothing more); null otherwise.</summary>
    public static string? OnlyReported(CurrentUser user) =>
        !user.SeesEveryCase && user.Has(RoleNames.Reporter) && !user.Has(RoleNames.AgencyOfficer) ? user.UserId : null;
}
