using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Timpora.Api.Tests.Support;

/// <summary>Request bodies the API accepts, each with the few parts tests vary; a test spoils one to see it refused.</summary>
public static class Bodies
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The legal basis every <see cref="Decision"/> names.</summary>
    public const string LegalBasis = "UU 6/2011 Pasal 75 ayat (2)";

    public static object Sighting(string regency = "Soppeng", string? name = "Li Wei", string nationality = "CHN", Guid? id = null,
        string? passportNumber = "E12345678", string description = "wears a yellow hard hat") => new
    {
        id,
        observedAt = "2025-07-09T08:30:00+08:00",
        location = new { province = "Sulawesi Selatan", regency, district = "Lalabata", village = "Lemba", latitude = -4.35, longitude = 119.88 },
        subject = new { name, nationality, passportNumber, sex = "male", approximateAge = 35, description },
        activity = "working at a construction site",
        channel = "fieldTeam",
    };

    /// <summary>A sighting as a JSON tree, so a test can spoil one field of it.</summary>
    public static JsonObject SightingJson(Guid? id = null) =>
        JsonSerializer.SerializeToNode(Sighting(id: id), Json)!.AsObject();

    public static object AdditionalSighting(string village = "Ganra") => new
    {
        observedAt = "2025-07-12T17:05:00+08:00",
        location = new { province = "Sulawesi Selatan", regency = "Soppeng", district = "Lalabata", village, latitude = -4.34, longitude = 119.89 },
        subject = new { name = "Li Wei", nationality = "CHN", sex = "male", approximateAge = 35, description = "same yellow hard hat" },
        activity = "buying cement",
        channel = "hotline",
    };

    public static object Assignment(string investigatorId = "inv-rina") => new { investigatorId };

    public static object Verification(string finding = "permitMisuse", string expiresOn = "2025-06-30", string fullName = "Li Wei",
        string nationality = "CHN", string passportNumber = "E12345678") => new
    {
        identity = new { fullName, nationality, passportNumber, dateOfBirth = "1988-02-01", sex = "male" },
        permit = new { type = "visit", number = "B211A-0001", expiresOn, sponsor = "PT Maju Jaya" },
        finding,
        watchlistHit = false,
    };

    public static object Referral(string toAgency = "DISNAKER", string reason = "works at a construction site without a work permit (RPTKA)",
        DateOnly? dueBy = null) => new
    {
        toAgency,
        reason,
        dueBy = (dueBy ?? new DateOnly(2025, 7, 23)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    public static object Answer(string outcome = "answered", string findings = "No RPTKA for PT Maju Jaya; the employer was warned.") =>
        new { outcome, findings };

    /// <summary>A decision of <paramref name="type"/> carrying everything its row of API.md's table asks, and nothing more.</summary>
    public static JsonObject Decision(string type = "warning")
    {
        var decision = new JsonObject
        {
            ["type"] = type,
            ["legalBasis"] = new JsonArray(LegalBasis),
            ["justification"] = "Worked at a construction site in Lemba on a visit permit that expired on 30 June 2025.",
        };
        if (type == "noAction") return decision;

        var safeguards = new JsonObject { ["informedInLanguage"] = "zh", ["interpreterProvided"] = true, ["objectionRightNotified"] = true };
        decision["safeguards"] = safeguards;
        if (type is "cekalListing" or "stayPermitCancelled" or "stayPermitRestricted" or "stayPermitChanged" or "placeBan"
            or "residenceObligation" or "deportation" or "detention")
            decision["decisionNumber"] = "W23.IMI.2-GR.04.01-0123";

        switch (type)
        {
            case "deportation":
                safeguards["consularAccess"] = "declined";
                safeguards["nonRefoulement"] = new JsonObject
                {
                    ["destination"] = "CHN", ["riskAssessed"] = true, ["assessedBy"] = "Seksi Intelijen Kanim Parepare", ["conclusion"] = "No risk identified",
                };
                break;
            case "detention":
                safeguards["consularAccess"] = "notApplicable";
                safeguards["alternativesConsidered"] = new JsonArray(new JsonObject
                {
                    ["measure"] = "residenceObligation", ["rejectedBecause"] = "No fixed address: he slept at the construction site",
                });
                decision["detention"] = new JsonObject
                {
                    ["place"] = "Rudenim Makassar", ["startsAt"] = "2025-07-14T09:00:00+08:00", ["reviewBy"] = "2025-08-13T09:00:00+08:00",
                };
                break;
            case "fee":
                decision["fee"] = new JsonObject { ["amount"] = 1_000_000, ["currency"] = "IDR" };
                break;
        }

        return decision;
    }

    /// <summary>Every type of administrative action.</summary>
    public static readonly string[] ActionTypes =
    [
        "cekalListing", "stayPermitRestricted", "stayPermitChanged", "stayPermitCancelled", "placeBan", "residenceObligation",
        "fee", "deportation", "detention", "warning", "noAction",
    ];

    /// <summary>A deportation carrying every safeguard, consular notification included; a test leaves out what it wants refused.</summary>
    public static object Deportation(string? decisionNumber = "W23.IMI.2-GR.04.01-0123", bool assessed = true, string[]? vulnerabilities = null) => new
    {
        type = "deportation",
        legalBasis = new[] { "UU 6/2011 Pasal 75 ayat (2) huruf f" },
        decisionNumber,
        justification = "Worked for three months on a visit visa and overstayed by nine days.",
        safeguards = new
        {
            alternativesConsidered = new[] { new { measure = "residenceObligation", rejectedBecause = "no fixed address in Soppeng" } },
            vulnerabilities = vulnerabilities ?? [],
            informedInLanguage = "zh",
            interpreterProvided = true,
            objectionRightNotified = true,
            consularAccess = "notified",
            consularNotifiedAt = "2025-07-10T09:00:00+08:00",
            nonRefoulement = assessed
                ? new { destination = "CHN", riskAssessed = true, assessedBy = "Kasi Inteldakim", conclusion = "no risk of persecution" }
                : null,
        },
    };

    public static object Review(string verdict = "compliant") => new
    {
        verdict,
        findings = new[] { new { criterion = "proportionality", note = "milder measures considered and reasoned" } },
    };

    public static object Objection(DateTimeOffset filedAt, string grounds = "He holds a pending application for a work permit (RPTKA).") =>
        new { filedAt, grounds };

    public static object ObjectionDecision(string outcome = "rejected", string note = "The work permit was granted before the decision.") =>
        new { outcome, note };

    public static object Note(string text = "The employer says a work permit was applied for.") => new { text };

    public static object Closure(string reason = "resolved") => new { reason, note = "deported on 2025-07-20" };

    public static object Reopening(string reason = "seen again in Lemba after the deportation") => new { reason };

    /// <summary>Changes one part of a JSON body: <c>null</c> removes it.</summary>
    public static JsonObject With(this JsonObject body, string path, JsonNode? value)
    {
        var copy = body.DeepClone().AsObject();
        var parts = path.Split('.');
        var parent = copy;
        foreach (var part in parts[..^1])
        {
            if (parent[part] is not JsonObject child) parent[part] = child = new JsonObject();
            parent = child;
        }

        if (value is null) parent.Remove(parts[^1]);
        else parent[parts[^1]] = value;
        return copy;
    }
}
