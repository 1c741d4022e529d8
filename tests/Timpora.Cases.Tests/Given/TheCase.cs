namespace Timpora.Cases.Tests.Given;

/// <summary>The case the tests talk about, and the ids of what happens inside it.</summary>
public static class TheCase
{
    public static readonly Guid Id = Guid.Parse("0197f3c1-5b2e-7a10-8c4d-3e2f1a9b7c01");
    public const string Number = "SOPPENG-2025-000042";

    public static readonly Guid ReferralToManpower = Guid.Parse("0197f3c1-6a00-7b21-9d3e-000000000001");
    public static readonly Guid ReferralToPolice = Guid.Parse("0197f3c1-6a00-7b21-9d3e-000000000002");
    public static readonly Guid UnknownReferral = Guid.Parse("0197f3c1-6a00-7b21-9d3e-0000000000ff");

    public static readonly Guid Deportation = Guid.Parse("0197f3c1-7c00-7e44-8f1a-000000000001");
    public static readonly Guid Warning = Guid.Parse("0197f3c1-7c00-7e44-8f1a-000000000002");
    public static readonly Guid Detention = Guid.Parse("0197f3c1-7c00-7e44-8f1a-000000000004");
    public static readonly Guid NewDecision = Guid.Parse("0197f3c1-7c00-7e44-8f1a-000000000003");
    public static readonly Guid UnknownDecision = Guid.Parse("0197f3c1-7c00-7e44-8f1a-0000000000ff");

    public static readonly VerifiedIdentity ChineseWorkerIdentity =
        new("ZHANG Wei", "CHN", "E12345678", new DateOnly(1988, 2, 1), Sex.Male);

    public static readonly VerifiedIdentity MalaysianTraderIdentity =
        new("Ahmad Faizal bin Hamzah", "MYS", "A41237789", new DateOnly(1983, 11, 19), Sex.Male);

    /// <summary>A visit permit that ran out at the end of June 2025.</summary>
    public static readonly StayPermit ExpiredVisitPermit = new(StayPermitType.Visit, "B211A-2025-118734", new DateOnly(2025, 6, 30), null);

    public static readonly StayPermit LimitedStayPermit =
        new(StayPermitType.LimitedStay, "2C11AE1234-Y", new DateOnly(2026, 3, 31), "PT Sulawesi Konstruksi Mandiri");
}
