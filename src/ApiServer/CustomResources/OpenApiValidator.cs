using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cluster.Api.Validation;

namespace Cluster.ApiServer.CustomResources;

/// <summary>
/// Validates a custom resource against its version's structural OpenAPI v3 schema as apiextensions-apiserver does:
/// types (with nullable, x-kubernetes-int-or-string and x-kubernetes-preserve-unknown-fields), required, enum,
/// pattern, minimum/maximum (exclusive too), multipleOf, min/maxLength, min/maxItems, min/maxProperties, formats
/// int32/int64/date-time, and listType set/map uniqueness, with upstream's messages (<c>spec.replicas in body must be
/// of type integer: "string"</c>). Reads only; thread-safe.
/// </summary>
public static class OpenApiValidator
{
    private const int MaxErrors = 100;

    public static List<FieldError> Validate(JsonObject obj, JsonObject schema)
    {
        var errors = new List<FieldError>();
        foreach (var (name, value) in obj)
        {
            if (name is "apiVersion" or "kind" or "metadata") continue;
            if (Property(schema, name) is { } child) Check(value, child, FieldPath.Root(name), errors);
        }
        foreach (var required in Strings(schema["required"]))
            if (required is not ("apiVersion" or "kind" or "metadata") && !obj.ContainsKey(required)) errors.Add(FieldError.Required(FieldPath.Root(required), ""));
        return errors;
    }

    private static void Check(JsonNode? value, JsonObject schema, FieldPath path, List<FieldError> errors)
    {
        if (errors.Count >= MaxErrors) return;
        var type = (string?)schema["type"];
        if (value is null)
        {
            if (Bool(schema["nullable"]) || type is null) return;
            errors.Add(FieldError.Invalid(path, "null", $"{path} in body must be of type {type}: \"null\""));
            return;
        }
        var kind = value.GetValueKind();
        if (Bool(schema["x-kubernetes-int-or-string"]))
        {
            if (kind is not (JsonValueKind.String or JsonValueKind.Number) || kind == JsonValueKind.Number && !IsInteger(value))
                errors.Add(FieldError.Invalid(path, Go(value), $"{path} in body must be of type integer,string: \"{TypeName(kind)}\""));
            CheckScalar(value, kind, schema, path, errors);
            return;
        }
        if (type is not null && !Matches(type, value, kind))
        {
            errors.Add(FieldError.Invalid(path, TypeName(kind), $"{path} in body must be of type {type}: \"{TypeName(kind)}\""));
            return;
        }
        CheckEnum(value, schema, path, errors);
        switch (value)
        {
            case JsonObject o:
                CheckObject(o, schema, path, errors);
                break;
            case JsonArray a:
                CheckArray(a, schema, path, errors);
                break;
            default:
                CheckScalar(value, kind, schema, path, errors);
                break;
        }
    }

    private static void CheckObject(JsonObject o, JsonObject schema, FieldPath path, List<FieldError> errors)
    {
        foreach (var required in Strings(schema["required"]))
            if (!o.ContainsKey(required)) errors.Add(FieldError.Required(path.Child(required), ""));
        if (Int(schema["minProperties"]) is { } minProps && o.Count < minProps)
            errors.Add(FieldError.Invalid(path, o.Count, $"{path} in body should have at least {minProps} properties"));
        if (Int(schema["maxProperties"]) is { } maxProps && o.Count > maxProps)
            errors.Add(FieldError.TooMany(path, o.Count, (int)maxProps));
        var additional = schema["additionalProperties"] as JsonObject;
        foreach (var (name, child) in o)
        {
            if (Property(schema, name) is { } childSchema) Check(child, childSchema, path.Child(name), errors);
            else if (additional is not null) Check(child, additional, path.Key(name), errors);
        }
    }

    private static void CheckArray(JsonArray a, JsonObject schema, FieldPath path, List<FieldError> errors)
    {
        if (Int(schema["minItems"]) is { } min && a.Count < min)
            errors.Add(FieldError.Invalid(path, a.Count, $"{path} in body should have at least {min} items"));
        if (Int(schema["maxItems"]) is { } max && a.Count > max)
            errors.Add(FieldError.TooMany(path, a.Count, (int)max));
        var items = schema["items"] as JsonObject;
        for (var i = 0; i < a.Count && items is not null; i++) Check(a[i], items, path.Index(i), errors);
        switch ((string?)schema["x-kubernetes-list-type"])
        {
            case "set":
                for (var i = 0; i < a.Count; i++)
                    for (var j = 0; j < i; j++)
                        if (JsonNode.DeepEquals(a[i], a[j])) { errors.Add(FieldError.Duplicate(path.Index(i), Go(a[i]))); break; }
                break;
            case "map":
                var keys = Strings(schema["x-kubernetes-list-map-keys"]).ToList();
                var seen = new HashSet<string>();
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is not JsonObject item) continue;
                    var key = string.Join("\u0000", keys.Select(k => item[k]?.ToJsonString() ?? ""));
                    if (!seen.Add(key)) errors.Add(FieldError.Duplicate(path.Index(i), item.ToJsonString()));
                }
                break;
        }
        if (Bool(schema["uniqueItems"]))
            for (var i = 0; i < a.Count; i++)
                for (var j = 0; j < i; j++)
                    if (JsonNode.DeepEquals(a[i], a[j])) { errors.Add(FieldError.Duplicate(path.Index(i), Go(a[i]))); break; }
    }

    private static void CheckScalar(JsonNode value, JsonValueKind kind, JsonObject schema, FieldPath path, List<FieldError> errors)
    {
        if (kind == JsonValueKind.String)
        {
            var text = value.GetValue<string>();
            var length = text.EnumerateRunes().Count();
            if (Int(schema["maxLength"]) is { } maxLength && length > maxLength) errors.Add(FieldError.TooLong(path, (int)maxLength));
            if (Int(schema["minLength"]) is { } minLength && length < minLength)
                errors.Add(FieldError.Invalid(path, text, $"{path} in body should be at least {minLength} chars long"));
            if ((string?)schema["pattern"] is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
                errors.Add(FieldError.Invalid(path, text, $"{path} in body should match '{pattern}'"));
            if ((string?)schema["format"] == "date-time" && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                errors.Add(FieldError.Invalid(path, text, $"{path} in body must be of type date-time: \"{text}\""));
            return;
        }
        if (kind != JsonValueKind.Number) return;
        if (!JsonNumbers.TryDouble(value, out var number)) return;
        var format = (string?)schema["format"];
        if (format == "int32" && (number < int.MinValue || number > int.MaxValue))
            errors.Add(FieldError.Invalid(path, Go(value), $"{path} in body must be of type int32: \"{Go(value)}\""));
        if (Double(schema["minimum"]) is { } minimum)
        {
            var exclusive = Bool(schema["exclusiveMinimum"]);
            if (exclusive ? number <= minimum : number < minimum)
                errors.Add(FieldError.Invalid(path, Go(value), $"{path} in body should be greater than {(exclusive ? "" : "or equal to ")}{Num(minimum)}"));
        }
        if (Double(schema["maximum"]) is { } maximum)
        {
            var exclusive = Bool(schema["exclusiveMaximum"]);
            if (exclusive ? number >= maximum : number > maximum)
                errors.Add(FieldError.Invalid(path, Go(value), $"{path} in body should be less than {(exclusive ? "" : "or equal to ")}{Num(maximum)}"));
        }
        if (Double(schema["multipleOf"]) is { } multiple and > 0 && Math.Abs(Math.IEEERemainder(number, multiple)) > 1e-9)
            errors.Add(FieldError.Invalid(path, Go(value), $"{path} in body should be a multiple of {Num(multiple)}"));
    }

    private static void CheckEnum(JsonNode value, JsonObject schema, FieldPath path, List<FieldError> errors)
    {
        if (schema["enum"] is not JsonArray allowed || allowed.Count == 0) return;
        if (allowed.Any(a => JsonNode.DeepEquals(a, value))) return;
        errors.Add(FieldError.NotSupported(path, Go(value), allowed.Select(a => a is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : a?.ToJsonString() ?? "null")));
    }

    private static bool Matches(string type, JsonNode value, JsonValueKind kind) => type switch
    {
        "object" => kind == JsonValueKind.Object,
        "array" => kind == JsonValueKind.Array,
        "string" => kind == JsonValueKind.String,
        "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
        "number" => kind == JsonValueKind.Number,
        "integer" => kind == JsonValueKind.Number && IsInteger(value),
        _ => true,
    };

    private static bool IsInteger(JsonNode value) =>
        JsonNumbers.TryLong(value, out _) || JsonNumbers.TryDouble(value, out var d) && Math.Abs(d % 1) < double.Epsilon * 4 && !double.IsInfinity(d);

    private static string TypeName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static JsonObject? Property(JsonObject schema, string name) => schema["properties"]?[name] as JsonObject;

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray a ? a.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>() : [];

    private static bool Bool(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static long? Int(JsonNode? node) => JsonNumbers.TryLong(node, out var l) ? l : null;

    private static double? Double(JsonNode? node) => JsonNumbers.TryDouble(node, out var d) ? d : null;

    private static string Num(double d) => d.ToString(CultureInfo.InvariantCulture);

    /// <summary>The value as Go would print it in a field error.</summary>
    private static object? Go(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue when JsonNumbers.TryLong(value, out var l) => l,
        JsonValue when JsonNumbers.TryDouble(value, out var d) => d,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        _ => value.ToJsonString(),
    };
}
