using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Timpora.Api.Infrastructure;
using Timpora.Api.Tests.Support;
using Xunit.Abstractions;

namespace Timpora.Api.Tests.Reliability;

/// <summary>
/// Generated malformed and boundary requests to every POST endpoint, sent by every kind of user: whatever arrives,
/// the answer is a success or a 4xx, never a 5xx, and every 4xx is problem details without a stack trace.
/// </summary>
public sealed class BadInput(AppFixture fixture, ITestOutputHelper output) : IntegrationContext(fixture)
{
    private const int Requests = 400;

    [Fact]
    public async Task no_generated_request_to_any_write_endpoint_gets_a_server_error_or_a_bare_error()
    {
        var (caseId, referralId, decisionId) = await TargetCase();
        using var client = Host.Server.CreateClient();
        var tokens = AllUsers.ToDictionary(u => u.UserId, u => u.TokenFor(Host.Auth()));

        await AnyRequest(caseId, referralId, decisionId).SampleAsync(async request =>
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, request.Url) { Content = new ByteArrayContent(request.Body) };
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
            if (request.User is { } user) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[user.UserId]);
            if (request.IfMatch is { } ifMatch) message.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            if (request.IdempotencyKey is { } key) message.Headers.TryAddWithoutValidation(Idempotency.Header, key);

            using var response = await client.SendAsync(message);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();

            status.Should().BeLessThan(500, "{0} answered {1}", request, text);
            text.Should().NotContain("   at ", "a stack trace never leaves the service").And.NotContain("--- End of");
            if (status >= 400)
            {
                response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", "{0} answered {1}", request, text);
                var problem = JsonDocument.Parse(text).RootElement;
                problem.GetProperty("status").GetInt32().Should().Be(status);
                foreach (var member in new[] { "type", "title", "detail" })
                    problem.GetProperty(member).GetString().Should().NotBeNullOrWhiteSpace();
            }
        }, iter: Requests, threads: 4, seed: Environment.GetEnvironmentVariable("CSCHECK_SEED"), writeLine: output.WriteLine);
    }

    private static readonly User[] AllUsers =
    [
        Users.Investigator, Users.Supervisor, Users.Auditor, Users.Reporter, Users.OtherReporter, Users.ManpowerOfficer, Users.PoliceOfficer,
    ];

    /// <summary>A verified case with a referral and a decision, so the nested routes reach their deciders.</summary>
    private async Task<(Guid CaseId, Guid ReferralId, Guid DecisionId)> TargetCase()
    {
        var id = await Host.OpenCase();
        await Host.Verify(id);
        return (id, await Host.Refer(id), await Host.Decide(id));
    }

    public sealed record Request(string Url, byte[] Body, string ContentType, User? User, string? IfMatch, string? IdempotencyKey)
    {
        public override string ToString() =>
            $"POST {Url} as {User?.UserId ?? "nobody"} If-Match={IfMatch} Key={IdempotencyKey} ({ContentType}): "
            + (Body.Length > 400 ? Encoding.UTF8.GetString(Body, 0, 400) + $"… ({Body.Length} bytes)" : Encoding.UTF8.GetString(Body));
    }

    private static Gen<Request> AnyRequest(Guid caseId, Guid referralId, Guid decisionId)
    {
        var unknown = Guid.CreateVersion7();
        var endpoints = new (string Url, Func<object> Body)[]
        {
            ("/api/cases", () => Bodies.Sighting(id: Guid.CreateVersion7())),
            ($"/api/cases/{caseId}/sightings", () => Bodies.AdditionalSighting()),
            ($"/api/cases/{caseId}/assignment", () => Bodies.Assignment()),
            ($"/api/cases/{caseId}/verification", () => Bodies.Verification()),
            ($"/api/cases/{caseId}/referrals", () => Bodies.Referral()),
            ($"/api/cases/{caseId}/referrals/{referralId}/answer", () => Bodies.Answer()),
            ($"/api/cases/{caseId}/actions", () => Bodies.Deportation()),
            ($"/api/cases/{caseId}/actions", () => Bodies.Decision()),
            ($"/api/cases/{caseId}/actions/{decisionId}/reviews", () => Bodies.Review()),
            ($"/api/cases/{caseId}/actions/{decisionId}/objection", () => Bodies.Objection(DateTimeOffset.Parse("2025-07-21T09:00:00+08:00", CultureInfo.InvariantCulture), "I was not heard.")),
            ($"/api/cases/{caseId}/actions/{decisionId}/objection/decision", () => Bodies.ObjectionDecision("rejected", "The hearing was held.")),
            ($"/api/cases/{caseId}/notes", () => Bodies.Note()),
            ($"/api/cases/{caseId}/closure", () => Bodies.Closure()),
            ($"/api/cases/{caseId}/reopening", () => Bodies.Reopening()),
        };

        var url = Gen.Int[0, endpoints.Length - 1].SelectMany(i => Gen.Frequency(
            (8, Gen.Const(endpoints[i].Url)),
            (1, Gen.Const(endpoints[i].Url.Replace(caseId.ToString(), unknown.ToString()))),
            (1, Gen.OneOf("not-a-uuid", "00000000-0000-0000-0000-000000000000", "%20", "..%2F..", new string('9', 300))
                .Select(bad => endpoints[i].Url.Replace(caseId.ToString(), bad)))).Select(u => (i, u)));

        var body = url.SelectMany(target => Gen.Frequency(
            (6, Mutated(() => JsonSerializer.SerializeToNode(endpoints[target.i].Body(), Bodies.Json)!)),
            (2, Malformed(() => JsonSerializer.Serialize(endpoints[target.i].Body(), Bodies.Json))),
            (1, Gen.Const(Array.Empty<byte>))).Select(b => (target.u, b)));

        var contentType = Gen.Frequency((9, Gen.Const("application/json")), (1, Gen.OneOf("text/plain", "application/xml", "application/json; charset=latin1")));
        var user = Gen.Frequency((12, Gen.OneOf(AllUsers).Select(u => (User?)u)), (1, Gen.Const((User?)null)));
        var ifMatch = Gen.Frequency((6, Gen.Const((string?)null)), (1, Gen.OneOf("\"1\"", "\"4\"", "*", "W/\"3\"", "abc", "\"-1\"", "\"99999999999999999999\"", "\"\"").Select(s => (string?)s)));
        var key = Gen.Frequency((6, Gen.Const((string?)null)), (1, Gen.String[0, 300].Select(s => (string?)Printable(s))),
            (1, Gen.Guid.Select(g => (string?)g.ToString())));

        return Gen.Select(body, contentType, user, ifMatch, key, (b, type, u, match, k) => new Request(b.u, b.b, type, u, match, k));
    }

    /// <summary>A valid body with one to three of its fields replaced, removed or joined by strange ones.</summary>
    private static Gen<byte[]> Mutated(Func<JsonNode> valid) =>
        Gen.Select(Gen.Int[1, 3], Gen.Int[0, int.MaxValue].Array[3], Weird.Array[3], Gen.Int[0, 2].Array[3]).Select((count, picks, values, kinds) =>
        {
            var root = valid();
            for (var n = 0; n < count; n++)
            {
                var (parent, name) = PickField(root, picks[n]);
                if (parent is null) break;
                switch (kinds[n])
                {
                    case 0: parent[name] = values[n]?.DeepClone(); break;
                    case 1: parent.Remove(name); break;
                    default: parent[$"unexpected{n}"] = values[n]?.DeepClone(); break;
                }
            }

            return Encoding.UTF8.GetBytes(root.ToJsonString());
        });

    /// <summary>Bytes that are not the JSON asked for: cut short, spliced with junk, nested too deep, or not JSON at all.</summary>
    private static Gen<byte[]> Malformed(Func<string> valid) => Gen.OneOf(
        Gen.Int[0, 1000].Select(cut => { var json = valid(); return Encoding.UTF8.GetBytes(json[..Math.Min(cut, json.Length)]); }),
        Gen.Select(Gen.Int[0, 1000], Gen.String[1, 20]).Select((at, junk) =>
        {
            var json = valid();
            return Encoding.UTF8.GetBytes(json.Insert(Math.Min(at, json.Length), junk));
        }),
        Gen.Int[60, 5000].Select(depth => Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth))),
        Gen.Int[60, 2000].Select(depth => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth))),
        Gen.Byte.Array[1, 200],
        Gen.OneOf("null", "[]", "{}", "\"text\"", "42", "true", "{\"id\":", "\uFEFF{}", "{\"observedAt\":\"2025-07-09T08:30:00+08:00\"}")
            .Select(Encoding.UTF8.GetBytes),
        Gen.Const(() => Encoding.UTF8.GetBytes("{\"text\":\"" + new string('x', 256 * 1024) + "\"}")));

    /// <summary>Values at and past every boundary: types a field never holds, lengths around the limits, odd numbers and text.</summary>
    private static readonly Gen<JsonNode?> Weird = Gen.Recursive<JsonNode?>((depth, inner) => Gen.Frequency(
        (2, Gen.Const((JsonNode?)null)),
        (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (2, Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l))),
        (2, Gen.Double.Select(d => (JsonNode?)JsonValue.Create(double.IsFinite(d) ? d : 1e308))),
        (1, Gen.OneOf(0, -1, 1, 91, -181, 131, int.MaxValue, int.MinValue).Select(i => (JsonNode?)JsonValue.Create(i))),
        (3, Gen.String[0, 50].Select(s => (JsonNode?)JsonValue.Create(s))),
        (2, Gen.OneOf(199, 200, 201, 3999, 4000, 4001, 20000).Select(n => (JsonNode?)JsonValue.Create(new string('x', n)))),
        (3, Gen.OneOf("", " ", "2025-02-30", "9999-12-31", "0001-01-01", "2025-07-09T08:30:00", "2999-01-01T00:00:00+08:00",
                "1e309", "-0", "NaN", "\u0000", "\uD800", "𝕏𝕏", "<script>", "' or 1=1 --", "UNK", "XXX", "chn", "IMIGRASI", "imigrasi",
                "deportation", "detention", "noAction", "00000000-0000-0000-0000-000000000000", "0197f0a0-0000-7000-8000-000000000001")
            .Select(s => (JsonNode?)JsonValue.Create(s))),
        (depth < 3 ? 1 : 0, inner.Array[0, 4].Select(items => (JsonNode?)new JsonArray(items.Select(i => i?.DeepClone()).ToArray()))),
        (depth < 3 ? 1 : 0, Gen.Select(Gen.String[1, 12], inner).Array[0, 3].Select(fields =>
        {
            var node = new JsonObject();
            foreach (var (name, value) in fields) node[name] = value?.DeepClone();
            return (JsonNode?)node;
        }))));

    /// <summary>Some field of the document, nested objects included: its parent and its name.</summary>
    private static (JsonObject? Parent, string Name) PickField(JsonNode root, int pick)
    {
        var fields = new List<(JsonObject, string)>();
        void Walk(JsonNode? node)
        {
            if (node is JsonObject obj)
                foreach (var (name, value) in obj.ToList())
                {
                    fields.Add((obj, name));
                    Walk(value);
                }
            else if (node is JsonArray array)
                foreach (var item in array) Walk(item);
        }

        Walk(root);
        return fields.Count == 0 ? (null, "") : fields[pick % fields.Count];
    }

    private static string Printable(string s) => new(s.Select(c => c is >= ' ' and <= '~' ? c : 'k').ToArray());
}
