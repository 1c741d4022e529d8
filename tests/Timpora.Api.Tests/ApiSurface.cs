using System.Text.Json;
using Timpora.Api.Tests.Support;

namespace Timpora.Api.Tests;

public sealed class ApiSurface(AppFixture fixture) : IntegrationContext(fixture)
{
    /// <summary>Every route of API.md implemented so far, with the status of its success.</summary>
    public static TheoryData<string, string, string> Routes => new()
    {
        { "post", "/api/cases", "201" },
        { "post", "/api/cases/{id}/sightings", "200" },
        { "post", "/api/cases/{id}/assignment", "200" },
        { "post", "/api/cases/{id}/verification", "200" },
        { "post", "/api/cases/{id}/referrals", "201" },
        { "post", "/api/cases/{id}/referrals/{referralId}/answer", "200" },
        { "post", "/api/cases/{id}/actions", "201" },
        { "post", "/api/cases/{id}/actions/{decisionId}/reviews", "201" },
        { "post", "/api/cases/{id}/notes", "200" },
        { "post", "/api/cases/{id}/closure", "200" },
        { "post", "/api/cases/{id}/reopening", "200" },
        { "get", "/api/cases/{id}", "200" },
        { "get", "/api/cases/{id}/history", "200" },
        { "get", "/api/cases", "200" },
    };

    [Theory]
    [InlineData("/api/cases")]
    [InlineData("/api/cases/0197f3a0-0000-7000-8000-000000000001")]
    [InlineData("/api/cases/0197f3a0-0000-7000-8000-000000000001/history")]
    public async Task reading_without_a_token_is_a_401_problem(string url)
    {
        var answer = await Host.Get(null, url).Expect(401);

        answer.ContentType.Should().StartWith("application/problem+json");
        answer.Json.GetProperty("status").GetInt32().Should().Be(401);
        answer.Json.GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace();
        answer.Json.GetProperty("detail").GetString().Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task reading_with_a_token_signed_by_another_key_is_a_401()
    {
        var forged = new Security.AuthOptions { SigningKey = new string('x', 40), Issuer = Host.Auth().Issuer, Audience = Host.Auth().Audience };
        var token = Users.Investigator.TokenFor(forged);

        await Host.Send(null, "GET", "/api/cases", token: token).Expect(401);
    }

    [Fact]
    public async Task the_correlation_id_sent_is_echoed_on_every_answer()
    {
        var id = await Host.OpenCase();

        (await Host.Get(Users.Investigator, $"/api/cases/{id}", "read-summary-1").Expect(200)).CorrelationId.Should().Be("read-summary-1");
        (await Host.Get(Users.Investigator, $"/api/cases/{id}/history", "read-history-1").Expect(200)).CorrelationId.Should().Be("read-history-1");
        (await Host.Get(Users.Investigator, "/api/cases", "read-list-1").Expect(200)).CorrelationId.Should().Be("read-list-1");
        (await Host.Get(Users.Investigator, $"/api/cases/{Guid.CreateVersion7()}", "missing-1").Expect(404)).CorrelationId.Should().Be("missing-1");
        (await Host.Get(Users.Investigator, "/api/cases?page=0", "bad-page-1").Expect(400)).CorrelationId.Should().Be("bad-page-1");
        (await Host.Get(null, "/api/cases", "anonymous-1").Expect(401)).CorrelationId.Should().Be("anonymous-1");
        (await Host.Get(null, "/health/live", "probe-1").Expect(200)).CorrelationId.Should().Be("probe-1");
    }

    [Fact]
    public async Task a_correlation_id_is_generated_when_none_is_sent()
    {
        var one = await Host.Get(Users.Investigator, "/api/cases").Expect(200);
        var other = await Host.Get(null, "/api/cases").Expect(401);

        one.CorrelationId.Should().NotBeNullOrWhiteSpace();
        other.CorrelationId.Should().NotBeNullOrWhiteSpace().And.NotBe(one.CorrelationId);
    }

    [Fact]
    public async Task an_unusable_correlation_id_is_replaced_by_a_generated_one()
    {
        var tooLong = new string('c', 129);

        var answer = await Host.Get(Users.Investigator, "/api/cases", tooLong).Expect(200);

        answer.CorrelationId.Should().NotBeNullOrWhiteSpace().And.NotBe(tooLong);
    }

    [Fact]
    public async Task the_openapi_document_is_served_without_a_token()
    {
        var document = await OpenApiDocument();

        document.GetProperty("openapi").GetString().Should().StartWith("3.");
        document.GetProperty("info").GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace();
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task the_openapi_document_describes_every_route_with_its_body_and_its_answer(string method, string path, string success)
    {
        var document = await OpenApiDocument();

        document.GetProperty("paths").TryGetProperty(path, out var operations).Should().BeTrue($"{path} is a route of API.md");
        operations.TryGetProperty(method, out var operation).Should().BeTrue($"{method.ToUpperInvariant()} {path} is a route of API.md");
        operation.GetProperty("operationId").GetString().Should().NotBeNullOrWhiteSpace();

        if (method == "post")
        {
            var body = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
            SchemaNamed(document, body).GetProperty("properties").EnumerateObject().Should().NotBeEmpty();
        }

        var responses = operation.GetProperty("responses");
        var successes = responses.EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
        successes.Select(r => r.Name).Should().Equal([success], "the only success documented is the one the endpoint answers");
        var schema = successes[0].Value.GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var properties = SchemaProperties(document, schema);
        properties.Should().NotBeEmpty("a success answers with a described body");
        if (method == "post") properties.Should().Contain(["id", "version"]);
    }

    [Fact]
    public async Task the_openapi_document_describes_the_summary_history_and_list_shapes()
    {
        var document = await OpenApiDocument();
        var paths = document.GetProperty("paths");

        SchemaProperties(document, SuccessSchema(paths, "/api/cases/{id}")).Should().Contain(
        [
            "id", "caseNumber", "status", "version", "openedAt", "lastUpdatedAt", "location", "subject", "sightings",
            "assignedTo", "verification", "referrals", "actions", "closure",
        ]);
        SchemaProperties(document, SuccessSchema(paths, "/api/cases/{id}/history")).Should().Contain(
            ["sequence", "version", "type", "at", "actor", "correlationId", "summary", "data"]);
        SchemaProperties(document, SuccessSchema(paths, "/api/cases")).Should().Contain(["items", "page", "pageSize", "total"]);
        var schemas = document.GetProperty("components").GetProperty("schemas");
        schemas.PropertyNames().Should().NotContain("IResult", "no answer is described as an empty placeholder object");
        var status = schemas.GetProperty("CaseStatus").GetProperty("enum");
        status.EnumerateArray().Select(v => v.GetString()).Should().Equal("reported", "verified", "referred", "actionTaken", "closed");
    }

    [Fact]
    public async Task the_openapi_document_names_the_bearer_scheme_and_requires_it()
    {
        var document = await OpenApiDocument();

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        var bearer = schemes.EnumerateObject().Should().ContainSingle(s =>
            s.Value.GetProperty("type").GetString() == "http" && s.Value.GetProperty("scheme").GetString() == "bearer").Subject;
        bearer.Value.GetProperty("bearerFormat").GetString().Should().Be("JWT");
        document.GetProperty("security").EnumerateArray().SelectMany(requirement => requirement.PropertyNames()).Should().Contain(bearer.Name);
    }

    [Fact]
    public async Task the_document_kept_between_requests_still_echoes_each_requests_correlation_id()
    {
        var first = await Host.Get(null, "/openapi/v1.json", correlationId: "docs-first").Expect(200);
        var second = await Host.Get(null, "/openapi/v1.json", correlationId: "docs-second").Expect(200);

        first.CorrelationId.Should().Be("docs-first");
        second.CorrelationId.Should().Be("docs-second");
        second.Text.Should().Be(first.Text);
    }

    [Fact]
    public async Task the_interactive_docs_are_an_html_page()
    {
        var docs = await Host.Get(null, "/docs");
        var url = docs.Status is >= 300 and < 400
            ? new Uri(new Uri("http://localhost/docs"), docs.Header("Location")).AbsolutePath
            : "/docs";

        var page = await Host.Get(null, url).Expect(200);

        url.Should().BeOneOf("/docs", "/docs/");
        page.ContentType.Should().StartWith("text/html");
        page.Text.Should().Contain("<html");
        page.Text.Should().Contain("\"showDeveloperTools\":\"never\"", "the page works offline, without the buttons that call Scalar's services");
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task health_is_answered_without_a_token(string url)
    {
        var answer = await Host.Get(null, url).Expect(200);

        answer.Json.GetProperty("status").GetString().Should().Be("Healthy");
    }

    private async Task<JsonElement> OpenApiDocument() => (await Host.Get(null, "/openapi/v1.json").Expect(200)).Json;

    private static JsonElement SuccessSchema(JsonElement paths, string path) =>
        paths.GetProperty(path).GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema");

    /// <summary>The component a <c>$ref</c> names; the schema itself when it is inline.</summary>
    private static JsonElement SchemaNamed(JsonElement document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;

    /// <summary>The properties of an object schema, or of the items of an array schema.</summary>
    private static IReadOnlyList<string> SchemaProperties(JsonElement document, JsonElement schema)
    {
        var named = SchemaNamed(document, schema);
        if (named.TryGetProperty("items", out var items)) named = SchemaNamed(document, items);
        return named.TryGetProperty("properties", out var properties) ? properties.PropertyNames() : [];
    }
}
