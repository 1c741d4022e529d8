using System.Globalization;
using Alba;

namespace Timpora.Api.Tests.Support;

/// <summary>
/// One step of a case's life each, taken over HTTP as a user would and expected to succeed: the way tests set a case
/// up. A step is taken by the investigator unless a test names someone else (assigning is the supervisor's, reviewing
/// the auditor's, deciding an objection the supervisor's). Tests about a step's refusals send its request themselves.
/// </summary>
public static class Steps
{
    private static string CaseUrl(Guid id) => $"/api/cases/{id}";

    /// <summary>Opens a case with a first sighting and returns its id.</summary>
    public static async Task<Guid> OpenCase(this IAlbaHost host, User? by = null, string regency = "Soppeng", string? name = "Li Wei",
        string nationality = "CHN", string? passportNumber = "E12345678", string description = "wears a yellow hard hat")
    {
        var opened = await host.Post(by ?? Users.Investigator, "/api/cases",
            Bodies.Sighting(regency, name, nationality, passportNumber: passportNumber, description: description)).Expect(201);
        return opened.Json.GetProperty("id").GetGuid();
    }

    /// <summary>Reports the person seen again: <see cref="Bodies.AdditionalSighting"/> unless a test brings its own sighting.</summary>
    public static Task AddSighting(this IAlbaHost host, Guid id, object? sighting = null, User? by = null) =>
        host.Post(by ?? Users.Investigator, $"{CaseUrl(id)}/sightings", sighting ?? Bodies.AdditionalSighting()).Expect(200);

    public static Task Assign(this IAlbaHost host, Guid id, string investigatorId) =>
        host.Post(Users.Supervisor, $"{CaseUrl(id)}/assignment", Bodies.Assignment(investigatorId)).Expect(200);

    public static Task Verify(this IAlbaHost host, Guid id, string finding = "permitMisuse", string expiresOn = "2025-06-30",
        string fullName = "Li Wei", string nationality = "CHN", string passportNumber = "E12345678", User? by = null) =>
        host.Post(by ?? Users.Investigator, $"{CaseUrl(id)}/verification",
            Bodies.Verification(finding, expiresOn, fullName, nationality, passportNumber)).Expect(200);

    /// <summary>Refers the case to <paramref name="toAgency"/> and returns the referral's id.</summary>
    public static async Task<Guid> Refer(this IAlbaHost host, Guid id, string toAgency = "DISNAKER",
        string reason = "works at a construction site without a work permit (RPTKA)", DateOnly? dueBy = null)
    {
        var referred = await host.Post(Users.Investigator, $"{CaseUrl(id)}/referrals", Bodies.Referral(toAgency, reason, dueBy)).Expect(201);
        return referred.Json.GetProperty("referralId").GetGuid();
    }

    /// <summary>Answers a referral, or declines it with <paramref name="outcome"/> <c>declined</c> and the reason as <paramref name="findings"/>.</summary>
    public static Task AnswerReferral(this IAlbaHost host, Guid id, Guid referralId, string outcome = "answered",
        string findings = "No RPTKA for PT Maju Jaya; the employer was warned.", User? by = null) =>
        host.Post(by ?? Users.Investigator, $"{CaseUrl(id)}/referrals/{referralId}/answer", Bodies.Answer(outcome, findings)).Expect(200);

    /// <summary>Decides an administrative action (a complete warning unless a test brings its own decision) and returns its id.</summary>
    public static async Task<Guid> Decide(this IAlbaHost host, Guid id, object? decision = null, User? by = null)
    {
        var decided = await host.Post(by ?? Users.Investigator, $"{CaseUrl(id)}/actions", decision ?? Bodies.Decision()).Expect(201);
        return decided.Json.GetProperty("decisionId").GetGuid();
    }

    public static Task Review(this IAlbaHost host, Guid id, Guid decisionId, string verdict = "compliant") =>
        host.Post(Users.Auditor, $"{CaseUrl(id)}/actions/{decisionId}/reviews", Bodies.Review(verdict)).Expect(201);

    /// <summary>Records the person's objection to a decision and returns the date by which it must be decided.</summary>
    public static async Task<DateOnly> FileObjection(this IAlbaHost host, Guid id, Guid decisionId, DateTimeOffset filedAt, User? by = null)
    {
        var filed = await host.Post(by ?? Users.Investigator, $"{CaseUrl(id)}/actions/{decisionId}/objection", Bodies.Objection(filedAt)).Expect(201);
        return DateOnly.Parse(filed.Json.GetProperty("decisionDueBy").GetString()!, CultureInfo.InvariantCulture);
    }

    public static Task DecideObjection(this IAlbaHost host, Guid id, Guid decisionId, string outcome = "rejected") =>
        host.Post(Users.Supervisor, $"{CaseUrl(id)}/actions/{decisionId}/objection/decision", Bodies.ObjectionDecision(outcome)).Expect(200);

    public static Task AddNote(this IAlbaHost host, Guid id, string text = "The employer says a work permit was applied for.", User? by = null) =>
        host.Post(by ?? Users.Investigator, $"{CaseUrl(id)}/notes", Bodies.Note(text)).Expect(200);

    public static Task Close(this IAlbaHost host, Guid id, string reason = "resolved") =>
        host.Post(Users.Investigator, $"{CaseUrl(id)}/closure", Bodies.Closure(reason)).Expect(200);

    public static Task Reopen(this IAlbaHost host, Guid id, string reason = "seen again in Lemba after the deportation", User? by = null) =>
        host.Post(by ?? Users.Investigator, $"{CaseUrl(id)}/reopening", Bodies.Reopening(reason)).Expect(200);
}
