using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Timpora.Api.Infrastructure;
using Timpora.Api.Tests.Support;
using Timpora.Cases;
using Timpora.Cases.ForeignNationals;

namespace Timpora.Api.Tests.Hardening;

/// <summary>The application on a database of its own, with every log line it writes (as its configured filters let through) kept.</summary>
public sealed class LoggedHost : IAsyncLifetime
{
    public CapturedLogs Logs { get; } = new();

    public IAlbaHost Host { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Host = await Hosts.Start(await Hosts.NewDatabase("timpora_log_privacy"),
            services: services => services.AddSingleton<ILoggerProvider>(Logs));

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>Passport numbers, dates of birth, tokens and request bodies never reach the logs, not even when a request fails.</summary>
public sealed class LogPrivacy(LoggedHost logged) : IClassFixture<LoggedHost>
{
    private const string Passport = "XQ7391046";
    private const string DateOfBirth = "1979-11-23";
    private const string SubjectName = "Zhou Xiaoming";

    private IAlbaHost Host => logged.Host;

    [Fact]
    public async Task personal_data_and_tokens_sent_in_good_and_bad_requests_never_reach_the_logs()
    {
        var auth = Host.Auth();
        var token = Users.Investigator.TokenFor(auth);
        var forged = HandMadeTokens.Token(new { alg = "HS256", typ = "JWT" }, HandMadeTokens.ClaimsOf(Users.Supervisor, auth), new string('f', 40));
        var unsigned = HandMadeTokens.Token(new { alg = "none", typ = "JWT" }, HandMadeTokens.ClaimsOf(Users.Supervisor, auth), key: null);

        var opened = await Host.Send(null, "POST", "/api/cases", Sighting(), token: token);
        opened.Status.Should().Be(201, opened.Text);
        var caseId = opened.Json.GetProperty("id").GetGuid();
        var verification = new
        {
            identity = new { fullName = SubjectName, nationality = "CHN", passportNumber = Passport, dateOfBirth = DateOfBirth, sex = "male" },
            permit = new { type = "visit", expiresOn = "2025-06-30" },
            finding = "permitMisuse",
            watchlistHit = false,
        };
        (await Host.Send(null, "POST", $"/api/cases/{caseId}/verification", verification, token: token)).Status.Should().Be(200);

        var refusals = new (string? Token, string Method, string Url, object? Body)[]
        {
            // Bodies the JSON reader refuses, each with the personal data next to the fault.
            (token, "POST", "/api/cases", $$"""{ "subject": { "passportNumber": "{{Passport}}", "approximateAge": "{{DateOfBirth}}" } }"""),
            (token, "POST", "/api/cases", $$"""{ "observedAt": "{{DateOfBirth}}T99:99", "subject": { "passportNumber": "{{Passport}}" } }"""),
            (token, "POST", "/api/cases", $$"""{ "subject": { "passportNumber": "{{Passport}}", "name": "{{SubjectName}}" """),
            (token, "POST", $"/api/cases/{caseId}/verification",
                $$"""{ "identity": { "passportNumber": "{{Passport}}", "dateOfBirth": "{{DateOfBirth}}x" }, "permit": { "type": "visit" } }"""),
            (token, "POST", $"/api/cases/{caseId}/verification",
                $$"""{ "identity": { "passportNumber": "{{Passport}}", "dateOfBirth": "{{DateOfBirth}}", "sex": "{{Passport}}" } }"""),
            (token, "POST", $"/api/cases/{caseId}/verification", $$"""[ "{{Passport}}", "{{DateOfBirth}}" ]"""),
            // Bodies that pass the reader but not validation.
            (token, "POST", $"/api/cases/{caseId}/verification",
                $$"""{ "identity": { "passportNumber": "{{Passport}}", "dateOfBirth": "2999-01-01", "fullName": "{{SubjectName}}" } }"""),
            // A character PostgreSQL cannot store, right after the personal data (its error would quote the text before it).
            (token, "POST", $"/api/cases/{caseId}/notes", new { text = $"{SubjectName}, passport {Passport}\u0000" }),
            // Too large, with the personal data in it.
            (token, "POST", "/api/cases", $$"""{ "activity": "{{string.Concat(Enumerable.Repeat(Passport + " " + DateOfBirth + " ", 20_000))}}" }"""),
            // Personal data in the query string.
            (token, "GET", $"/api/foreign-nationals?passportNumber={Passport}", null),
            (token, "GET", $"/api/cases?q={Passport}&openedFrom={DateOfBirth}", null),
            (token, "GET", $"/api/cases?openedFrom={Passport}", null),
            // Tokens that fail, and a token sent where no token is needed.
            (forged, "GET", "/api/cases", null),
            (unsigned, "POST", "/api/cases", Sighting()),
            (token + "x", "GET", $"/api/cases/{caseId}", null),
            (token, "GET", "/health/live", null),
        };

        foreach (var (bearer, method, url, body) in refusals)
        {
            var reply = await Host.Send(null, method, url, body, token: bearer);
            reply.Status.Should().BeLessThan(500, "{0} {1} answered {2}", method, url, reply.Text);
        }

        // Writes that lose a race fail inside the database; what is logged about them must not carry the events' data.
        var raced = Guid.CreateVersion7();
        var racing = Enumerable.Range(0, 6).Select(_ => Host.Send(null, "POST", "/api/cases", Sighting(raced), token: token));
        (await Task.WhenAll(racing)).Should().OnlyContain(reply => reply.Status == 201);
        await using (var session = Host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Events.StartStream<Case>(caseId, new NoteAdded(caseId, $"passport {Passport}, born {DateOfBirth}", Host.Now(), "inv-andi"));
            var collide = () => session.SaveChangesAsync();
            await collide.Should().ThrowAsync<Exception>("the stream exists already");
        }

        var logs = logged.Logs.Entries;
        logs.Should().Contain(entry => entry.StartsWith("Information", StringComparison.Ordinal) && entry.Contains("lost a race", StringComparison.Ordinal),
            "a stream started twice is a lost race, which the write path answers");
        logs.Should().NotContain(entry => entry.StartsWith("Error", StringComparison.Ordinal)
                                          && (entry.Contains("23505", StringComparison.Ordinal) || entry.Contains("MT003", StringComparison.Ordinal)),
            "the races of concurrent writes are not server errors");
        logs.Should().Contain(entry => entry.StartsWith($"Information {ErrorHandling.RefusedBodies}", StringComparison.Ordinal),
            "the capture sees what the application logs (here: a body it could not read)");
        logs.Should().NotContain(entry => entry.StartsWith("Error", StringComparison.Ordinal) && entry.Contains("deserialize", StringComparison.OrdinalIgnoreCase),
            "a body the API cannot read is the client's mistake, not a server failure");
        string[] secrets = [Passport, DateOfBirth, SubjectName, token, forged, unsigned, token.Split('.')[2], forged.Split('.')[2]];
        foreach (var secret in secrets)
            logs.Where(entry => entry.Contains(secret, StringComparison.OrdinalIgnoreCase)).Should().BeEmpty("\"{0}\" must never be logged", secret);
    }

    [Fact]
    public void a_failed_database_command_is_logged_with_its_sql_but_without_its_values()
    {
        var marten = Host.Services.GetRequiredService<StoreOptions>().Logger();
        using var command = new NpgsqlCommand("insert into timpora.mt_doc_foreignnationalprofile (id) values ($1)")
        {
            Parameters = { new NpgsqlParameter { Value = ForeignNationalProfile.KeyOf("VNM", Passport) } },
        };

        marten.StartSession(null!).LogFailure(command, new InvalidOperationException("The command failed."));

        var failures = logged.Logs.Entries.Where(entry => entry.Contains("mt_doc_foreignnationalprofile", StringComparison.Ordinal)).ToList();
        failures.Should().NotBeEmpty("a failure is still logged, with its SQL");
        failures.Should().NotContain(entry => entry.Contains(Passport, StringComparison.Ordinal), "a parameter may be a passport number");
    }

    private static object Sighting(Guid? id = null) => new
    {
        id,
        observedAt = "2025-07-09T08:30:00+08:00",
        location = new { province = "Sulawesi Selatan", regency = "Soppeng", district = "Lalabata", village = "Lemba" },
        subject = new { name = SubjectName, nationality = "CHN", passportNumber = Passport, sex = "male", approximateAge = 45, description = $"born {DateOfBirth}" },
        activity = "working at a construction site",
        channel = "fieldTeam",
    };
}
