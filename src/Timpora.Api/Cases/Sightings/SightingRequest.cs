using Timpora.Api.Infrastructure;
using Timpora.Cases;

namespace Timpora.Api.Cases.Sightings;

public sealed record LocationRequest(
    string? Province, string? Regency, string? District, string? Village, double? Latitude, double? Longitude);

public sealed record SubjectRequest(
    string? Name, string? Nationality, string? PassportNumber, Sex? Sex, int? ApproximateAge, string? Description);

/// <summary>What a sighting report carries, whether it opens a case or adds to one.</summary>
public interface ISightingRequest
{
    DateTimeOffset? ObservedAt { get; }
    LocationRequest? Location { get; }
    SubjectRequest? Subject { get; }
    string? Activity { get; }
    ReportingChannel? Channel { get; }
}

public static class SightingRequests
{
    /// <summary>Phones in the field keep their own time: a report a few minutes "ahead" is not refused.</summary>
    public static readonly TimeSpan ClockGrace = TimeSpan.FromMinutes(5);

    public static Validation Validate(this ISightingRequest request, DateTimeOffset now)
    {
        var errors = new Validation()
            .Required("observedAt", request.ObservedAt)
            .NotInFuture("observedAt", request.ObservedAt, now, ClockGrace)
            .Required("location", request.Location)
            .Text("activity", request.Activity, Validation.LongText);

        if (request.Location is { } location)
            errors.RequiredText("location.regency", location.Regency)
                .Text("location.province", location.Province)
                .Text("location.district", location.District)
                .Text("location.village", location.Village)
                .Range("location.latitude", location.Latitude, -90, 90)
                .Range("location.longitude", location.Longitude, -180, 180);

        if (request.Subject is { } subject)
        {
            errors.Text("subject.name", subject.Name)
                .Nationality("subject.nationality", subject.Nationality)
                .Text("subject.passportNumber", subject.PassportNumber)
                .Text("subject.description", subject.Description, Validation.LongText)
                .Range("subject.approximateAge", subject.ApproximateAge, 0, 130);
        }

        return errors;
    }

    public static Sighting ToSighting(this ISightingRequest request)
    {
        var location = request.Location!;
        var subject = request.Subject;
        return new Sighting(
            request.ObservedAt!.Value,
            new Location(Trim(location.Province), location.Regency!.Trim(), Trim(location.District), Trim(location.Village),
                location.Latitude, location.Longitude),
            new SubjectDescription(Trim(subject?.Name), subject?.Nationality?.ToUpperInvariant(), Trim(subject?.PassportNumber)?.ToUpperInvariant(),
                subject?.Sex ?? Sex.Unknown, subject?.ApproximateAge, subject?.Description),
            request.Activity,
            request.Channel);
    }

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
