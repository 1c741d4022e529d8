using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Timpora.Api.Tests.Support;

/// <summary>
/// The API's own OpenAPI document, as a generated client reads it: what it says each route takes and answers. The
/// schemas are JSON Schema 2020-12 (OpenAPI 3.1), evaluated as such with the document's components as <c>$defs</c>.
/// </summary>
public sealed class DocumentedApi
{
    private const string ComponentPrefix = "#/components/schemas/";
    private readonly JsonObject _paths;
    private readonly JsonObject _definitions;

    public DocumentedApi(string openApiJson)
    {
        var document = JsonNode.Parse(openApiJson)!.AsObject();
        _paths = document["paths"]!.AsObject();
        _definitions = (JsonObject)Rewritten(document["components"]!["schemas"]!);
    }

    /// <summary>What the document gets wrong about <paramref name="reply"/>: nothing when the answer is as documented.</summary>
    public IReadOnlyList<string> Mismatches(string method, string route, Reply reply)
    {
        if (Operation(method, route) is not { } operation) return [$"{method} {route} is not in the document"];
        var status = reply.Status.ToString(CultureInfo.InvariantCulture);
        if ((operation["responses"]?[status] ?? operation["responses"]?["default"]) is not JsonObject response)
            return [$"{method} {route} answered {status}, which the document does not list"];

        var content = response["content"] as JsonObject;
        if (content is null || content.Count == 0)
            return string.IsNullOrEmpty(reply.Text) ? [] : [$"{status} has a body the document does not describe"];
        var mediaType = reply.ContentType?.Split(';')[0].Trim();
        if (mediaType is null || content[mediaType] is not JsonObject media)
            return [$"{status} answered {mediaType ?? "no content type"}; the document lists {string.Join(", ", content.Select(entry => entry.Key))}"];
        return mediaType.EndsWith("json", StringComparison.Ordinal) ? Evaluate(media["schema"], reply.Text) : [];
    }

    /// <summary>What the document's request schema of the route says is wrong with <paramref name="body"/>.</summary>
    public IReadOnlyList<string> RequestMismatches(string method, string route, string body) =>
        Operation(method, route)?["requestBody"]?["content"]?["application/json"]?["schema"] is { } schema
            ? Evaluate(schema, body)
            : [$"{method} {route} takes no JSON body in the document"];

    private JsonObject? Operation(string method, string route) => _paths[route]?[method.ToLowerInvariant()] as JsonObject;

    private List<string> Evaluate(JsonNode? schema, string json)
    {
        if (schema is null) return ["no schema"];
        var root = (JsonObject)Rewritten(schema);
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = _definitions.DeepClone();
        var evaluated = JsonSchema.FromText(root.ToJsonString())
            .Evaluate(JsonDocument.Parse(json).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return evaluated.IsValid
            ? []
            : [.. (evaluated.Details ?? []).Where(detail => detail.Errors is { Count: > 0 })
                .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation} ({detail.EvaluationPath}): {error.Value}"))];
    }

    /// <summary>A copy in which every reference to a component points into <c>$defs</c>.</summary>
    private static JsonNode Rewritten(JsonNode node)
    {
        var copy = node.DeepClone();
        Rewrite(copy);
        return copy;

        static void Rewrite(JsonNode? current)
        {
            switch (current)
            {
                case JsonObject obj:
                    if (obj["$ref"] is JsonValue reference && reference.GetValue<string>() is var target && target.StartsWith(ComponentPrefix, StringComparison.Ordinal))
                        obj["$ref"] = "#/$defs/" + target[ComponentPrefix.Length..];
                    foreach (var (_, child) in obj.ToList()) Rewrite(child);
                    break;
                case JsonArray array:
                    foreach (var child in array) Rewrite(child);
                    break;
            }
        }
    }
}
