namespace Timpora.Api.Cases;

/// <summary>The answer to a successful write: the case and the version it is now at (also sent as the ETag).</summary>
public sealed record CaseWritten(Guid Id, long Version);

public sealed record CaseOpened(Guid Id, string CaseNumber, long Version);

public sealed record ReferralMade(Guid Id, Guid ReferralId, long Version);

public sealed record ActionRecorded(Guid Id, Guid DecisionId, long Version);
