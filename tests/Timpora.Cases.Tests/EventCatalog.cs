namespace Timpora.Cases.Tests;

/// <summary>What every event of a case must bring with it, checked over every type the event store registers.</summary>
public class EventCatalog
{
    [Fact]
    public void the_case_folds_every_event_the_store_registers_and_nothing_else()
    {
        CasesStore.EventTypes.Should().NotBeEmpty().And.OnlyHaveUniqueItems();
        Case.FoldedEventTypes.Should().BeEquivalentTo(CasesStore.EventTypes);
    }

    [Fact]
    public void a_case_event_carries_its_time_and_summary_outside_its_stored_json()
    {
        var verified = Given.Happened.Verified();
        var json = System.Text.Json.JsonSerializer.Serialize(verified, Json);

        ((ICaseEvent)verified).Summary.Should().StartWith("Identity verified as ZHANG Wei (CHN)");
        ((ICaseEvent)verified).EffectiveAt.Should().Be(verified.VerifiedAt);
        json.Should().NotContain("summary").And.NotContain("effectiveAt");
    }

    [Fact]
    public void folding_outside_the_store_counts_versions_as_the_store_does()
    {
        var state = Case.From(Given.Happened.Reported(), Given.Happened.Verified(), Given.Happened.Noted());

        state.Version.Should().Be(3);
        state.Then(Given.Happened.Assigned()).Version.Should().Be(4);
    }

    [Fact]
    public void a_history_that_does_not_start_with_a_sighting_is_not_a_case()
    {
        var fold = () => Case.From(Given.Happened.Verified());

        fold.Should().Throw<ArgumentException>();
    }

    private static readonly System.Text.Json.JsonSerializerOptions Json = Configured();

    private static System.Text.Json.JsonSerializerOptions Configured()
    {
        var options = new System.Text.Json.JsonSerializerOptions();
        CasesStore.ConfigureJson(options);
        return options;
    }
}
