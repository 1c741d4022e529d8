using System.Text.Json;
using Timpora.Cases;

namespace Timpora.Bench;

/// <summary>
/// Sighting reports as a field team sends them: spread over the seeder's six regencies (case numbers are allocated
/// per regency and year, so one regency only would put every opening behind one row lock), several nationalities,
/// a description of realistic length. Deterministic per index.
/// </summary>
public static class Samples
{
    public static readonly string[] Regencies = ["Soppeng", "Parepare", "Barru", "Sidrap", "Pinrang", "Wajo"];
    private static readonly string[] Nationalities = ["CHN", "MYS", "VNM", "IND", "PHL", "KOR", "JPN", "UNK"];
    private static readonly string[] Names = ["Li Wei", "Nguyen Van An", "Kim Min-jun", "Rahul Sharma", "Juan dela Cruz", "Tan Ah Kow", "Sato Haruto"];
    private static readonly string[] Agencies = ["DISNAKER", "POLRI", "KESBANGPOL", "DUKCAPIL"];
    private static readonly string[] Channels = ["fieldTeam", "apoa", "hotline", "agencyReferral", "coordinationGroup", "walkIn"];

    public static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions();
        CasesStore.ConfigureJson(json);
        return json;
    }

    public static Sighting Sighting(long i, DateTimeOffset now)
    {
        i = Math.Abs(i);
        var regency = Regencies[i % Regencies.Length];
        var nationality = Nationalities[(i / 7) % Nationalities.Length];
        return new Sighting(
            now.AddMinutes(-(i % 600) - 10),
            new Location("Sulawesi Selatan", regency, "Lalabata", "Lemba", -4.35 + (i % 100) * 0.001, 119.88 + (i % 50) * 0.001),
            new SubjectDescription(Names[i % Names.Length], nationality, nationality == "UNK" ? null : $"E{10_000_000 + i % 89_999_999}",
                i % 3 == 0 ? Sex.Female : Sex.Male, 20 + (int)(i % 50),
                "Wearing a yellow hard hat and a blue work shirt, speaks little Indonesian, arrived by motorbike with two colleagues."),
            "working at a construction site near the river",
            (ReportingChannel)(i % 6));
    }

    /// <summary>The body of <c>POST /api/cases</c> (API.md), without an id: the server chooses it, as for most reports.</summary>
    public static string OpenCaseBody(long i, DateTimeOffset now, Guid? id = null)
    {
        i = Math.Abs(i);
        var s = Sighting(i, now);
        return JsonSerializer.Serialize(new
        {
            id,
            observedAt = s.ObservedAt,
            location = new
            {
                province = s.Location.Province, regency = s.Location.Regency, district = s.Location.District, village = s.Location.Village,
                latitude = s.Location.Latitude, longitude = s.Location.Longitude,
            },
            subject = new
            {
                name = s.Subject.Name, nationality = s.Subject.Nationality, passportNumber = s.Subject.PassportNumber,
                sex = s.Subject.Sex, approximateAge = s.Subject.ApproximateAge, description = s.Subject.Description,
            },
            activity = s.Activity,
            channel = Channels[i % Channels.Length],
        }, Json);
    }

    public static string VerifyBody(long i) => VerifyBodyOf(Math.Abs(i));

    private static string VerifyBodyOf(long i) => JsonSerializer.Serialize(new
    {
        identity = new { fullName = Names[i % Names.Length], nationality = "CHN", passportNumber = $"E{20_000_000 + i % 79_999_999}", dateOfBirth = "1988-02-01", sex = "male" },
        permit = new { type = "visit", expiresOn = "2025-06-30" },
        finding = i % 2 == 0 ? "permitMisuse" : "overstay",
        watchlistHit = false,
    }, Json);

    public static string ReferBody(long i, DateOnly today) => ReferBodyOf(Math.Abs(i), today);

    private static string ReferBodyOf(long i, DateOnly today) => JsonSerializer.Serialize(new
    {
        toAgency = Agencies[i % Agencies.Length],
        reason = "Working on a visit permit; please check the employer and report.",
        dueBy = today.AddDays(14).ToString("yyyy-MM-dd", Report.Invariant),
    }, Json);

    public static string ListQuery(long i) => ListQueryOf(Math.Abs(i));

    private static string ListQueryOf(long i) => (i % 4) switch
    {
        0 => "/api/cases?page=1&pageSize=20",
        1 => $"/api/cases?regency={Regencies[i % Regencies.Length]}&page=1&pageSize=20",
        2 => "/api/cases?status=reported&page=1&pageSize=20",
        _ => $"/api/cases?nationality={Nationalities[i % (Nationalities.Length - 1)]}&page=1&pageSize=20",
    };
}
