using Timpora.Cases.Deciding;

namespace Timpora.Cases.Tests.Given;

public static class DecisionAssertions
{
    /// <summary>The decision accepted the command and gave exactly these events, of exactly these types, in this order.</summary>
    public static IReadOnlyList<object> ShouldAccept(this Decision decision, params object[] expected)
    {
        var events = decision.Should().BeOfType<Decision.Accepted>().Subject.Events;
        events.Select(e => e.GetType()).Should().Equal(expected.Select(e => e.GetType()));
        events.Should().BeEquivalentTo(expected, options => options.RespectingRuntimeTypes().WithStrictOrdering());
        return events;
    }

    /// <summary>The decision accepted the command; its events, whatever they are.</summary>
    public static IReadOnlyList<object> ShouldBeAccepted(this Decision decision) =>
        decision.Should().BeOfType<Decision.Accepted>().Subject.Events;

    /// <summary>The decision accepted the command and gave a single event of this type.</summary>
    public static T ShouldAcceptOne<T>(this Decision decision) =>
        decision.Should().BeOfType<Decision.Accepted>().Subject.Events.Should().ContainSingle().Which.Should().BeOfType<T>().Subject;

    /// <summary>The decision accepted the command and started exactly these legal clocks (none when none are given).</summary>
    public static void ShouldStartClocks(this Decision decision, params LegalClockCheck[] clocks) =>
        decision.Should().BeOfType<Decision.Accepted>().Subject.Clocks.Should().Equal(clocks);

    public static Refusal ShouldRefuse(this Decision decision, RefusalReason reason)
    {
        var refusal = decision.Should().BeOfType<Decision.Refused>().Subject.Refusal;
        refusal.Reason.Should().Be(reason);
        refusal.Detail.Should().NotBeNullOrWhiteSpace();
        return refusal;
    }

    /// <summary>Refused for the safeguards, naming exactly these JSON paths, each with a message.</summary>
    public static void ShouldMiss(this Decision decision, params string[] paths)
    {
        var refusal = decision.ShouldRefuse(RefusalReason.SafeguardsNotMet);
        refusal.Errors.Should().NotBeNull();
        refusal.Errors!.Keys.Should().BeEquivalentTo(paths);
        refusal.Errors.Values.Should().AllSatisfy(messages =>
            messages.Should().NotBeEmpty().And.AllSatisfy(message => message.Should().NotBeNullOrWhiteSpace()));
    }
}
