using Microsoft.AspNetCore.OpenApi;
using Timpora.Cases;
using Timpora.Cases.Deciding;

namespace Timpora.Api.Cases.Deciding;

/// <summary>
/// Descriptions of the safeguard endpoints, written from the rules and limits the domain enforces (attribute text
/// must be constant, and a copy of a rule in a string would drift from the rule).
/// </summary>
public static class SafeguardsOpenApi
{
    public static IServiceCollection AddSafeguardsOpenApi(this IServiceCollection services) =>
        services.Configure<OpenApiOptions>("v1", options => options.AddOperationTransformer((operation, _, _) =>
        {
            if (operation.OperationId is { } id && Describe(id) is { } description) operation.Description = description;
            return Task.CompletedTask;
        }));

    private static string? Describe(string operationId) => operationId switch
    {
        "decideAction" => SafeguardRules.Describe(),
        "fileObjection" =>
            $"Records the person's objection (Permenimipas 2/2025 art. 73) on their behalf: investigators and supervisors. Allowed within "
            + $"{LegalCalendar.ObjectionFilingWorkingDays} working days after the decision's `decidedAt` (Monday to Friday less the public "
            + "holidays of `LegalCalendar:Holidays`, counted on the office's dates, `Office:TimeZone`). A filing after that, dated in the "
            + "future or before the decision is a 422 naming `filedAt`; a second objection to the same decision is a 409. A closed case "
            + $"still takes it. The objection must be decided within {LegalCalendar.ObjectionForwardingWorkingDays} + "
            + $"{LegalCalendar.ObjectionDecisionWorkingDays} working days (`decisionDueBy`, the summary's `objection.deadline`); "
            + "if it is not, the legal clock records `ObjectionDecisionOverdue` on the case.",
        "decideObjection" =>
            "A supervisor decides a filed objection, once (409 when none is filed or it was decided). `upheld` reverses the decision: "
            + "its entry in the summary shows `reversed: true` with its `objection`, and the case no longer counts it as an action taken.",
        "listOutcomesByNationality" => OutcomeMonitor.Describe(),
        "listPendingReviews" =>
            "Decisions with no review yet, or whose last verdict is `needsInformation`, oldest first. For each, the ten review criteria "
            + "split into `covered` (the record evidences them), `notCovered` (the auditor must look further or ask) and `notApplicable`, "
            + "with the objection, reversal and missed detention review recorded since.",
        _ => null,
    };
}
