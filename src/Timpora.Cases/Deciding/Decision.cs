namespace Timpora.Cases.Deciding;

/// <summary>
/// What a decision gives: the events to append and the legal clocks they start, or the reason it was refused. Never an
/// exception.
/// </summary>
public abstract record Decision
{
    public static Decision Accept(params object[] events) => new Accepted(events);

    /// <summary>Accepted, and starting these clocks: whoever appends the events schedules them in the same transaction.</summary>
    public static Decision Accept(object @event, IEnumerable<LegalClockCheck> clocks) => new Accepted([@event]) { Clocks = [.. clocks] };

    public static Decision Refuse(RefusalReason reason, string detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new Refused(new Refusal(reason, detail, errors));

    public static Decision StateConflict(string detail) => Refuse(RefusalReason.StateConflict, detail);

    public static Decision NotFound(string detail) => Refuse(RefusalReason.NotFound, detail);

    public sealed record Accepted(IReadOnlyList<object> Events) : Decision
    {
        public IReadOnlyList<LegalClockCheck> Clocks { get; init; } = [];
    }

    public sealed record Refused(Refusal Refusal) : Decision;
}

public sealed record Refusal(RefusalReason Reason, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null);

public enum RefusalReason
{
    /// <summary>The case's state does not allow the command (409).</summary>
    StateConflict,

    /// <summary>Something the command names inside the case does not exist (404).</summary>
    NotFound,

    /// <summary>The actor may not do this to this part of the case (403).</summary>
    Forbidden,

    /// <summary>A decision lacks what the safeguards require, or the safeguards refuse it outright (422).</summary>
    SafeguardsNotMet,
}
