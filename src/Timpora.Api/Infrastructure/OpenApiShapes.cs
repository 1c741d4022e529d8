using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Timpora.Cases;

namespace Timpora.Api.Infrastructure;

/// <summary>
/// What the generated document gets wrong about the API's shapes, put right so that a generated client can trust it:
/// value types the generator cannot see through the API's JSON converters, enums, numbers, required properties,
/// query parameters, headers, and the operations' summaries.
/// </summary>
public static class OpenApiShapes
{
    /// <summary>
    /// Per schema, while it is generated. The body converters (<see cref="BodyValues"/>) hide strings and dates from the
    /// generator, which then describes them as anything; an enum used as nullable lists <c>null</c> among its values, so
    /// a null matches both branches of the <c>oneOf</c> that a nullable reference to it makes; and the web defaults read
    /// numbers from strings, which the generator describes as "integer or string with a pattern", though the API never
    /// writes a number as a string.
    /// </summary>
    public static Task Refine(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        var type = context.JsonTypeInfo.Type;
        var valueType = System.Nullable.GetUnderlyingType(type) ?? type;
        var nullable = System.Nullable.GetUnderlyingType(type) is not null || context.JsonPropertyInfo is { IsGetNullable: true } && !type.IsValueType;

        if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object && IsRequest(valueType))
        {
            // A request reads every field as optional, to name each missing one in its 400; [Required] marks those that are not.
            schema.Required = new HashSet<string>(context.JsonTypeInfo.Properties
                .Where(property => property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true)
                .Select(property => property.Name));
        }
        else if (valueType.IsEnum)
        {
            schema.Enum = schema.Enum?.Where(value => value is not null).ToList();
            schema.Type = JsonSchemaType.String;
        }
        else if (valueType == typeof(object) && schema.Type is null && schema.Properties is null && context.JsonPropertyInfo is not null)
        {
            // An event's data in the history: an object whose fields are the event's (its type names which).
            schema.Type = JsonSchemaType.Object;
            schema.Description ??= "The event's fields, as recorded; type names the event.";
        }
        else if (schema.Type is null && schema.Enum is null && schema.OneOf is null && schema.AnyOf is null && schema.AllOf is null
                 && TextFormat(valueType) is var (isText, format) && isText)
        {
            schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
            schema.Format ??= format;
        }
        else if (schema.Type is { } declared && declared.HasFlag(JsonSchemaType.String)
                 && (declared.HasFlag(JsonSchemaType.Integer) || declared.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = declared & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        return Task.CompletedTask;
    }

    private static (bool IsText, string? Format) TextFormat(Type type) =>
        type == typeof(string) ? (true, null)
        : type == typeof(DateTimeOffset) || type == typeof(DateTime) ? (true, "date-time")
        : type == typeof(DateOnly) ? (true, "date")
        : (false, null);

    private static bool IsRequest(Type type) => type.Name.EndsWith("Request", StringComparison.Ordinal);

    /// <summary>
    /// Which properties are required: in a request, those marked [Required] (set by <see cref="Refine"/>), which may then
    /// not be null either; in an answer, every property, since the API writes nulls rather than leaving properties out.
    /// </summary>
    public static void Require(OpenApiDocument document)
    {
        foreach (var (name, component) in document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (component is not OpenApiSchema { Properties.Count: > 0 } schema) continue;
            if (!name.EndsWith("Request", StringComparison.Ordinal))
            {
                schema.Required = new HashSet<string>(schema.Properties.Keys);
                continue;
            }

            foreach (var required in schema.Required ?? new HashSet<string>())
                if (schema.Properties.TryGetValue(required, out var property)) schema.Properties[required] = NotNull(property);
        }
    }

    private static IOpenApiSchema NotNull(IOpenApiSchema schema)
    {
        if (schema is not OpenApiSchema concrete) return schema;
        if (concrete.OneOf is { Count: 2 } branches && branches.SingleOrDefault(branch => branch is OpenApiSchemaReference) is { } reference
            && branches.Any(branch => branch is OpenApiSchema { Type: JsonSchemaType.Null }))
            return reference;
        if (concrete.Type is { } type) concrete.Type = type & ~JsonSchemaType.Null;
        return concrete;
    }

    /// <summary>What the query parameters accept: the endpoints read them as text to name a bad one in their 400.</summary>
    public static void TypeQueryParameters(OpenApiDocument document)
    {
        foreach (var operation in Operations(document))
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (parameter.In == ParameterLocation.Path && parameter.Schema is OpenApiSchema { Type: null } untyped)
            {
                untyped.Type = JsonSchemaType.String;
                continue;
            }

            if (parameter.In != ParameterLocation.Query) continue;
            var (schema, description) = parameter.Name switch
            {
                "page" => (new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1" }, "The page number (1 is the first); not with cursor."),
                "pageSize" => (new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = PageRequest.MaximumSize.ToString(CultureInfo.InvariantCulture) },
                    $"Items per page, at most {PageRequest.MaximumSize}."),
                "cursor" => (Text(), "The next page after the one that gave this cursor (its next); not with page."),
                "version" => (new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Minimum = "1" }, "The case as it stood at this version."),
                "asOf" => (new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" }, "The case as it stood at this instant."),
                "from" or "to" or "openedFrom" or "openedTo" => (DateOrInstant(),
                    "A date (the office's day, whole) or an instant with its offset."),
                "status" => (new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Enum = [.. Enum.GetValues<CaseStatus>().Select(status => (JsonNode)JsonValue.Create(JsonNamingPolicyCamel(status.ToString()))!)],
                }, null),
                "nationality" => (new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[A-Za-z]{3}$" }, "ISO 3166-1 alpha-3 code."),
                "referredTo" => (new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Enum = [.. Agencies.All.Select(agency => (JsonNode)JsonValue.Create(agency)!)],
                }, null),
                _ => (Text(), null),
            };
            parameter.Schema = schema;
            if (description is not null) parameter.Description ??= description;
        }
    }

    private static OpenApiSchema Text() => new() { Type = JsonSchemaType.String };

    private static OpenApiSchema DateOrInstant() => new()
    {
        AnyOf = [new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" }, new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" }],
    };

    private static string JsonNamingPolicyCamel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);

    /// <summary>The headers of API.md's writes and reads, so that a typed client can send and read them.</summary>
    public static void DeclareHeaders(OpenApiDocument document)
    {
        foreach (var (path, item) in document.Paths)
        foreach (var (method, operation) in item.Operations ?? [])
        {
            var api = path.StartsWith("/api", StringComparison.Ordinal);
            if (!api) continue;
            operation.Parameters ??= [];
            var writes = method == HttpMethod.Post;
            var toOneCase = path.StartsWith("/api/cases/{", StringComparison.Ordinal);
            if (writes && toOneCase)
                AddHeader(operation, "If-Match", "The case version the write depends on, as its ETag gave it (\"7\"): 412 when the case has moved on.");
            if (writes)
                AddHeader(operation, Idempotency.Header, "Makes a retry safe: the same key and body from the same user answer the first response again, without a second write.");
            AddHeader(operation, CorrelationId.Header, "Echoed in the response and recorded with every event the request appends; generated when absent.");

            var etag = writes || path == "/api/cases/{id}";
            foreach (var (status, response) in operation.Responses ?? [])
            {
                if (response is not OpenApiResponse concrete) continue;
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers[CorrelationId.Header] = Header("The request's correlation id.");
                if (!status.StartsWith('2')) continue;
                if (etag) concrete.Headers["ETag"] = Header("The case's version after this, quoted (\"8\"): send it as If-Match.");
                if (status == "201") concrete.Headers["Location"] = Header("Where the created resource is read.");
            }
        }
    }

    private static void AddHeader(OpenApiOperation operation, string name, string description)
    {
        if (operation.Parameters!.Any(parameter => parameter.In == ParameterLocation.Header && parameter.Name == name)) return;
        operation.Parameters!.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Header, Description = description, Schema = Text() });
    }

    private static OpenApiHeader Header(string description) => new() { Description = description, Schema = Text() };

    public static IEnumerable<OpenApiOperation> Operations(OpenApiDocument document) =>
        document.Paths.Values.SelectMany(path => path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>());

    /// <summary>A line for each operation (its description, when the code gives none better, is the same line).</summary>
    public static void Summarise(OpenApiDocument document)
    {
        foreach (var operation in Operations(document))
        {
            if (operation.OperationId is not { } id || !Summaries.TryGetValue(id, out var summary)) continue;
            var placeholder = operation.Summary;
            operation.Summary = summary;
            if (operation.Description is null || operation.Description == placeholder) operation.Description = null;
        }

        document.Tags = new HashSet<OpenApiTag>(
            (document.Tags ?? Enumerable.Empty<OpenApiTag>()).Select(tag => new OpenApiTag { Name = tag.Name, Description = tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description) ? description : tag.Description }));
    }

    private static readonly Dictionary<string, string> Summaries = new()
    {
        ["reportSighting"] = "Report a sighting: opens a case",
        ["listCases"] = "List, filter and search the cases the caller may see",
        ["getCase"] = "Read a case's summary, now or as it stood at a version or instant",
        ["getCaseHistory"] = "Read a case's full history, with who did what",
        ["verifyCaseIntegrity"] = "Re-verify the sealed history of a case",
        ["reportAdditionalSighting"] = "Report another sighting of the same person",
        ["assignInvestigator"] = "Assign an investigator to a case",
        ["verifyIdentity"] = "Record the verification of identity and permit",
        ["referCase"] = "Refer a case to another agency",
        ["answerReferral"] = "Answer or decline a referral",
        ["decideAction"] = "Decide an administrative action, with its safeguards",
        ["reviewDecision"] = "Review a decision against human-rights standards",
        ["fileObjection"] = "File the person's objection to a decision",
        ["decideObjection"] = "Decide a filed objection",
        ["addNote"] = "Add a note to a case",
        ["closeCase"] = "Close a case",
        ["reopenCase"] = "Reopen a closed case",
        ["listAgencyWorkload"] = "Open, overdue and answered referrals of every agency",
        ["getAgencyWorkload"] = "One agency's referrals: counts and the open ones, soonest due first",
        ["getInvestigatorQueue"] = "An investigator's open cases",
        ["getStatistics"] = "Case statistics for a period and regency (JSON or CSV)",
        ["listOutcomesByNationality"] = "Removal and detention rates by nationality",
        ["listPendingReviews"] = "Decisions awaiting an auditor's review",
        ["findForeignNationals"] = "Profiles of foreign nationals, by nationality and passport",
    };

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Cases"] = "Reporting, reading and working a case: every write appends an event to the case's stream.",
        ["Referrals"] = "Cases sent to other agencies and their answers.",
        ["Decisions"] = "Administrative actions, their safeguards, objections and auditors' reviews.",
        ["Workload"] = "What agencies and investigators have open.",
        ["Statistics"] = "Counts for TIMPORA meetings and the outcome monitor.",
        ["Foreign nationals"] = "One profile per person, across cases.",
    };
}
