using System.Globalization;
using Microsoft.Extensions.Options;
using Timpora.Api.Infrastructure;
using Timpora.Cases;
using Timpora.Cases.Deciding;
using Wolverine;

namespace Timpora.Api.Clocks;

/// <summary>
/// The legal calendar (the office's time zone and the public holidays of <c>LegalCalendar:Holidays</c>) and the legal
/// clocks: durable Wolverine messages, stored with the events that start them and run by whichever node polls first.
/// </summary>
public static class LegalClocksSetup
{
    /// <summary>One durable local queue: a check picked up from storage survives a crash until it has run.</summary>
    public const string Queue = "legal-clocks";

    public static IServiceCollection AddLegalClocks(this IServiceCollection services, IConfiguration configuration)
    {
        // Bound when the host is built (tests add settings after Program has run) and checked at start: a mistyped
        // holiday would silently move every deadline.
        services.AddOptions<LegalCalendarOptions>()
            .Bind(configuration.GetSection(LegalCalendarOptions.Section))
            .Validate(options => options.Dates() is not null, $"{LegalCalendarOptions.Section}:Holidays must be dates written yyyy-MM-dd.")
            .ValidateOnStart();
        services.AddSingleton(provider => new LegalCalendar(
            provider.GetRequiredService<OfficeClock>().Zone, provider.GetRequiredService<IOptions<LegalCalendarOptions>>().Value.Dates()!));
        services.ConfigureWolverine(wolverine =>
        {
            wolverine.LocalQueue(Queue).UseDurableInbox();
            wolverine.PublishMessage<CheckReferralDeadline>().ToLocalQueue(Queue);
            wolverine.PublishMessage<CheckDetentionReview>().ToLocalQueue(Queue);
            wolverine.PublishMessage<CheckObjectionDecision>().ToLocalQueue(Queue);
        });
        return services;
    }
}

/// <summary>Configuration <c>LegalCalendar</c>: the public holidays (and collective leave days) the office observes.</summary>
public sealed class LegalCalendarOptions
{
    public const string Section = "LegalCalendar";

    public List<string> Holidays { get; set; } = [];

    /// <summary>The holidays as dates, or null when one is not a date written <c>yyyy-MM-dd</c>.</summary>
    public IReadOnlyList<DateOnly>? Dates()
    {
        var dates = new List<DateOnly>();
        foreach (var holiday in Holidays)
        {
            if (!DateOnly.TryParseExact(holiday, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return null;
            dates.Add(date);
        }

        return dates;
    }
}
