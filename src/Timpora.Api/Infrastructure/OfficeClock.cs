namespace Timpora.Api.Infrastructure;

/// <summary>
/// The time at the office that keeps the cases (configuration <c>Office:TimeZone</c>, default Asia/Makassar).
/// Decisions receive <see cref="Now"/>, so the date they see is the office's date.
/// </summary>
public sealed class OfficeClock(TimeProvider time, IConfiguration configuration)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(configuration["Office:TimeZone"] ?? "Asia/Makassar");

    public TimeZoneInfo Zone => _zone;

    public DateTimeOffset Now => TimeZoneInfo.ConvertTime(time.GetUtcNow(), _zone);

    public DateOnly Today => DateOnly.FromDateTime(Now.DateTime);
}
