using System.ComponentModel.DataAnnotations;
using Timpora.Api.Infrastructure;
using Timpora.Cases;

namespace Timpora.Api.Cases.Sightings;

public sealed record LocationRequest(
    string? Province, [property: Required] string? Regency, string? District, string? Village, double? Latitude, double? Longitude)
{
    public Location Read(Validation check) => new(
        Trim(check.Text("location.province", Province)),
        check.RequiredText("location.regency", Regency).Trim(),
        Trim(check.Text("location.district", District)),
        Trim(check.Text("location.village", Village)),
        check.Range("location.latitude", Latitude, -90, 90),
        check.Range("location.longitude", Longitude, -180, 180));

    internal static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

public sealed record SubjectRequest(
    string? Name, string? Nationality, string? PassportNumber, Sex? Sex, int? ApproximateAge, string? Description)
{
    public static readonly SubjectRequest Unknown = new(null, null, null, null, null, null);

    public SubjectDescription Read(Validation check) => new(
        LocationRequest.Trim(check.Text("subject.name", Name)),
        check.Nationality("subject.nationality", Nationality),
        LocationRequest.Trim(check.Text("subject.passportNumber", PassportNumber))?.ToUpperInvariant(),
        Sex ?? Timpora.Cases.Sex.Unknown,
        check.Range("subject.approximateAge", ApproximateAge, 0, 130),
        check.Text("subject.description", Description, Validation.LongText));
}

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

    public static Sighting Read(this ISightingRequest request, Validation check, DateTimeOffset now) => new(
        check.NotInFuture("observedAt", check.Required("observedAt", request.ObservedAt), now, ClockGrace),
        check.Required("location", request.Location, location => location.Read(check)),
        (request.Subject ?? SubjectRequest.Unknown).Read(check),
        check.Text("activity", request.Activity, Validation.LongText),
        request.Channel);
}
