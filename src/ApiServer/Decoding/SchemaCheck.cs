using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Api.Quantities;
using Cluster.ApiServer.Schema;
using Cluster.ApiServer.Storage;

namespace Cluster.ApiServer.Decoding;

/// <summary>
/// Checks an object against its kind's schema as decoding into the Kubernetes Go types would: unknown fields are
/// found (and removed, since a typed object cannot hold them), null fields dropped, and values of the wrong JSON
/// type, malformed quantities, timestamps and base64 reported. Free-form parts of the schema are left alone.
/// </summary>
public static class SchemaCheck
{
    private const string QuantityType = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    private const int MaxReported = 50;

    /// <param name="path">Where <paramref name="obj"/> sits in its document ("" for a whole object): prefixes reported paths.</param>
    public static SchemaCheckResult Check(JsonObject obj, SchemaNode schema, string path = "")
    {
        var unknown = new List<string>();
        var errors = new List<string>();
        CheckObject(obj, schema, path, unknown, errors);
        return new SchemaCheckResult(unknown, errors);
    }

    private static void CheckObject(JsonObject obj, SchemaNode schema, string path, List<string> unknown, List<string> errors)
    {
        if (IsFreeForm(schema)) return;
        List<string>? remove = null;
        foreach (var (key, value) in obj)
        {
            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            var field = schema.Properties.TryGetValue(key, out var p) ? p : schema.AdditionalProperties;
            if (field is null)
            {
                if (unknown.Count < MaxReported) unknown.Add(childPath);
                (remove ??= []).Add(key);
                continue;
            }
            if (value is null)
            {
                if (schema.AdditionalProperties is null) (remove ??= []).Add(key);
                continue;
            }
            CheckValue(value, field, childPath, unknown, errors);
        }
        if (remove is not null)
        {
            foreach (var key in remove) obj.Remove(key);
        }
    }

    private static void CheckValue(JsonNode value, SchemaNode schema, string path, List<string> unknown, List<string> errors)
    {
        if (errors.Count >= MaxReported) return;
        if (IsQuantity(schema))
        {
            if (value is JsonValue q && q.GetValueKind() is JsonValueKind.String or JsonValueKind.Number
                && Quantity.TryParse(q.GetValueKind() == JsonValueKind.String ? q.GetValue<string>() : q.ToJsonString(), out _))
                return;
            errors.Add($"quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' at {path}");
            return;
        }
        if (schema.IntOrString)
        {
            if (value is JsonValue v && (v.GetValueKind() == JsonValueKind.String || v.TryGetInteger(out _))) return;
            errors.Add(Mismatch(value, path, "IntOrString"));
            return;
        }
        switch (schema.Type)
        {
            case SchemaType.Object:
                if (value is JsonObject o) CheckObject(o, schema, path, unknown, errors);
                else errors.Add(Mismatch(value, path, "object"));
                return;
            case SchemaType.Array:
                if (value is not JsonArray a)
                {
                    errors.Add(Mismatch(value, path, "array"));
                    return;
                }
                if (schema.Items is { } items)
                {
                    for (var i = 0; i < a.Count; i++)
                    {
                        if (a[i] is { } item) CheckValue(item, items, $"{path}[{i}]", unknown, errors);
                    }
                }
                return;
            case SchemaType.String:
                if (value is not JsonValue s || s.GetValueKind() != JsonValueKind.String)
                {
                    errors.Add(Mismatch(value, path, "string"));
                    return;
                }
                CheckFormat(s.GetValue<string>(), schema.Format, path, errors);
                return;
            case SchemaType.Integer:
                if (value is not JsonValue n || !n.TryGetInteger(out var l))
                    errors.Add(Mismatch(value, path, schema.Format ?? "integer"));
                else if (schema.Format == "int32" && l is < int.MinValue or > int.MaxValue)
                    errors.Add($"json: cannot unmarshal number {l} into field {path} of type int32");
                return;
            case SchemaType.Number:
                if (value is not JsonValue num || num.GetValueKind() != JsonValueKind.Number) errors.Add(Mismatch(value, path, "number"));
                return;
            case SchemaType.Boolean:
                if (value is not JsonValue b || b.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)) errors.Add(Mismatch(value, path, "bool"));
                return;
            default:
                return; // untyped: anything goes
        }
    }

    private static void CheckFormat(string text, string? format, string path, List<string> errors)
    {
        switch (format)
        {
            case "byte":
                if (!IsBase64(text)) errors.Add($"illegal base64 data in {path}");
                break;
            case "date-time":
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _) || !text.Contains('T', StringComparison.Ordinal))
                    errors.Add($"parsing time \"{Truncate(text)}\" as RFC 3339 failed at {path}");
                break;
        }
    }

    private static bool IsBase64(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return Base64.IsValid(bytes);
    }

    private static bool IsQuantity(SchemaNode schema) => schema.ReferenceName == QuantityType || schema.Name == QuantityType;

    /// <summary>An object schema with neither properties nor additional properties holds arbitrary JSON (RawExtension, FieldsV1).</summary>
    private static bool IsFreeForm(SchemaNode schema) =>
        schema.PreserveUnknownFields || schema.Type == SchemaType.Unknown || (schema.Properties.Count == 0 && schema.AdditionalProperties is null);

    private static string Mismatch(JsonNode value, string path, string expected) =>
        $"json: cannot unmarshal {Describe(value)} into field {path} of type {expected}";

    private static string Describe(JsonNode value) => value switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "bool",
            _ => "value",
        },
        _ => "value",
    };

    private static string Truncate(string text) => text.Length > 64 ? text[..64] + "..." : text;
}
