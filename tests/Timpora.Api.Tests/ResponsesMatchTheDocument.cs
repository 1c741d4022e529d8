using System.Text.Json;
using System.Text.Json.Nodes;
using Timpora.Api.Tests.Support;

namespace Timpora.Api.Tests;

/// <summary>
/// A client generated from <c>/openapi/v1.json</c> can trust it: every answer of a case's whole life, of every read and
/// of each kind of error has a status, a content type and a body that the document declares for its route, and the
/// bodies a client sends (those of API.md's examples) are valid by the document's request schemas.
/// </summary>
public sealed class ResponsesMatchTheDocument(AppFixture fixture) : IntegrationContext(fixture)
{
    private DocumentedApi _document = null!;

    [Fact]
    public async Task every_answer_of_a_cases_life_of_each_read_and_of_each_error_is_as_the_document_says()
    {
        _document = new DocumentedApi((await Host.Get(null, "/openapi/v1.json").Expect(200)).Text);
        var caseId = Guid.CreateVersion7();
        var one = $"/api/cases/{caseId}";

        await Write(Users.Reporter, "/api/cases", "/api/cases", Bodies.Sighting(id: caseId), 201);
        await Write(Users.Reporter, "/api/cases/{id}/sightings", $"{one}/sightings", Bodies.AdditionalSighting(), 200);
        await Write(Users.Supervisor, "/api/cases/{id}/assignment", $"{one}/assignment", Bodies.Assignment(Users.Investigator.UserId), 200);
        await Write(Users.Investigator, "/api/cases/{id}/verification", $"{one}/verification", Bodies.Verification(), 200);
        var referral = (await Write(Users.Investigator, "/api/cases/{id}/referrals", $"{one}/referrals", Bodies.Referral(), 201))
            .Json.GetProperty("referralId").GetGuid();
        await Write(Users.ManpowerOfficer, "/api/cases/{id}/referrals/{referralId}/answer", $"{one}/referrals/{referral}/answer", Bodies.Answer(), 200);
        var decision = (await Write(Users.Investigator, "/api/cases/{id}/actions", $"{one}/actions", Bodies.Decision("deportation"), 201))
            .Json.GetProperty("decisionId").GetGuid();
        await Write(Users.Investigator, "/api/cases/{id}/actions/{decisionId}/objection", $"{one}/actions/{decision}/objection",
            Bodies.Objection(Host.Now()), 201);
        await Write(Users.Supervisor, "/api/cases/{id}/actions/{decisionId}/objection/decision", $"{one}/actions/{decision}/objection/decision",
            Bodies.ObjectionDecision(), 200);
        await Write(Users.Auditor, "/api/cases/{id}/actions/{decisionId}/reviews", $"{one}/actions/{decision}/reviews", Bodies.Review("needsInformation"), 201);
        var noted = await Write(Users.Investigator, "/api/cases/{id}/notes", $"{one}/notes", Bodies.Note(), 200);
        await Write(Users.Investigator, "/api/cases/{id}/closure", $"{one}/closure", Bodies.Closure(), 200, ifMatch: noted.ETag);
        await Write(Users.Supervisor, "/api/cases/{id}/reopening", $"{one}/reopening", Bodies.Reopening(), 200);
        await Host.ProjectionsCaughtUp();

        await Read(Users.Investigator, "/api/cases/{id}", one);
        await Read(Users.Investigator, "/api/cases/{id}", $"{one}?version=2");
        await Read(Users.Investigator, "/api/cases/{id}", $"{one}?asOf={Uri.EscapeDataString(Host.Now().ToString("O"))}");
        await Read(Users.Auditor, "/api/cases/{id}/history", $"{one}/history");
        await Read(Users.Auditor, "/api/cases/{id}/integrity", $"{one}/integrity");
        await Read(Users.Investigator, "/api/cases", "/api/cases?q=li%20wei&status=referred&pageSize=5");
        await Read(Users.Reporter, "/api/cases", "/api/cases");
        await Read(Users.Supervisor, "/api/workload/agencies", "/api/workload/agencies");
        await Read(Users.Supervisor, "/api/workload/agencies/{agency}", "/api/workload/agencies/DISNAKER");
        await Read(Users.Supervisor, "/api/workload/investigators/{userId}", $"/api/workload/investigators/{Users.Investigator.UserId}");
        await Read(Users.Supervisor, "/api/statistics", "/api/statistics?from=2025-01-01&to=2025-12-31");
        await Read(Users.Supervisor, "/api/statistics", "/api/statistics", accept: "text/csv");
        await Read(Users.Auditor, "/api/statistics/outcomes-by-nationality", "/api/statistics/outcomes-by-nationality");
        await Read(Users.Auditor, "/api/reviews/pending", "/api/reviews/pending");
        await Read(Users.Investigator, "/api/foreign-nationals", "/api/foreign-nationals?nationality=CHN&passportNumber=E12345678");
        await Read(null, "/health/live", "/health/live");
        await Read(null, "/health/ready", "/health/ready");
        await Read(null, "/metrics", "/metrics");

        // Each kind of refusal.
        await Write(Users.Reporter, "/api/cases", "/api/cases", "{", 400, validRequest: false);
        await Write(Users.Reporter, "/api/cases", "/api/cases", Bodies.SightingJson().With("location", null), 400, validRequest: false);
        await Read(Users.Investigator, "/api/cases", "/api/cases?pageSize=0", status: 400);
        await Read(null, "/api/cases", "/api/cases", status: 401);
        await Write(Users.Auditor, "/api/cases", "/api/cases", Bodies.Sighting(), 403);
        await Read(Users.Investigator, "/api/cases/{id}", $"/api/cases/{Guid.CreateVersion7()}", status: 404);
        await Write(Users.ManpowerOfficer, "/api/cases/{id}/referrals/{referralId}/answer", $"{one}/referrals/{referral}/answer", Bodies.Answer(), 409);
        await Write(Users.Investigator, "/api/cases/{id}/notes", $"{one}/notes", Bodies.Note(), 412, ifMatch: "\"1\"");
        await Write(Users.Investigator, "/api/cases/{id}/notes", $"{one}/notes", Bodies.Note(new string('x', 300 * 1024)), 413, validRequest: false);
        await Write(Users.Investigator, "/api/cases/{id}/actions", $"{one}/actions", Bodies.Decision("deportation").With("safeguards", null), 422);
    }

    private async Task<Reply> Write(User user, string route, string url, object body, int status, string? ifMatch = null, bool validRequest = true)
    {
        var json = body switch
        {
            string text => text,
            JsonNode node => node.ToJsonString(),
            _ => JsonSerializer.Serialize(body, Bodies.Json),
        };
        if (validRequest) _document.RequestMismatches("POST", route, json).Should().BeEmpty("the body sent to {0} is as API.md shows it", route);

        var reply = await Host.Post(user, url, json, ifMatch: ifMatch);
        return Matches("POST", route, reply, status);
    }

    private async Task Read(User? user, string route, string url, int status = 200, string? accept = null) =>
        Matches("GET", route, await Host.Get(user, url, headers: accept is null ? null : new Dictionary<string, string> { ["Accept"] = accept }), status);

    private Reply Matches(string method, string route, Reply reply, int status)
    {
        reply.Status.Should().Be(status, "{0} {1} answered {2}", method, route, reply.Text);
        _document.Mismatches(method, route, reply).Should().BeEmpty("{0} {1} answered {2} {3}", method, route, reply.Status, reply.Text);
        return reply;
    }
}
