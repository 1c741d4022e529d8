using Timpora.Cases.Deciding;
using Timpora.Cases.Tests.Given;

namespace Timpora.Cases.Tests;

/// <summary>The rules documented in OpenAPI are the rules enforced: the description is built from them.</summary>
public class SafeguardTableTests
{
    private static readonly Case Verified = Case.From(Happened.Reported(), Happened.Verified());

    /// <summary>Every path the rules can name, found by asking them about decisions carrying nothing at all.</summary>
    private static IEnumerable<string> EveryPathTheRulesName()
    {
        foreach (var type in Enum.GetValues<ActionType>())
        {
            var empty = new DecideAction(TheCase.Id, TheCase.NewDecision, type, [], null, Office.Now.AddDays(1), null,
                Safeguards.None with
                {
                    InformedInLanguage = "zh",
                    Vulnerabilities = [Vulnerability.Child, Vulnerability.Refugee],
                    ConsularAccess = ConsularAccess.Notified,
                    NonRefoulement = new NonRefoulementAssessment(null, false, null, null),
                },
                new FeeDetails(0, "USD"), new DetentionDetails(null, null, null), People.Investigator);
            if (CaseDecisions.Decide(empty, Verified, Office.Now) is Decision.Refused { Refusal.Errors: { } errors })
                foreach (var path in errors.Keys) yield return path;
        }
    }

    [Fact]
    public void the_description_names_every_item_the_rules_can_refuse()
    {
        var description = SafeguardRules.Describe();

        foreach (var path in EveryPathTheRulesName().Distinct())
            description.Should().Contain(path.Split('.')[^1], $"the rules can refuse {path}");
    }

    [Fact]
    public void the_description_lists_the_types_that_need_a_written_decision_and_the_review_limit()
    {
        var description = SafeguardRules.Describe();

        description.Should().Contain("`cekalListing`").And.Contain("`residenceObligation`").And.Contain("30 days").And.Contain("`IDR`");
        description.Should().Contain("| type | requires |");
        SafeguardRules.Table.Should().HaveCount(7);
    }
}
