using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Api.Validation;

namespace Cluster.ApiServer.CustomResources;

/// <summary>
/// Validates a custom resource against its version's structural schema as apiextensions-apiserver does (kube-openapi
/// messages, e.g. <c>spec.replicas in body must be of type integer: "string"</c>): types (with nullable,
/// x-kubernetes-int-or-string, x-kubernetes-preserve-unknown-fields), required, enum, pattern, minimum/maximum (also
/// exclusive), multipleOf, min/maxLength, min/maxItems, min/maxProperties, formats (int32, int64, date-time, date,
/// byte ...), listType set/map uniqueness and embedded resources (apiVersion, kind, metadata.name). Paths are those
/// of kube-openapi: fields joined by dots (map keys too), list items as <c>[i]</c>. Reads only; thread-safe.
/// </summary>
public static class OpenApiValidator
{
    private const int MaxErrors = 100;

    /// <summary>The problems of <paramref name="obj"/>, a whole object (its root against the schema's root).</summary>
    public static List<FieldError> Validate(JsonObject obj, ValidationSchema schema)
    {
        var errors = new List<FieldError>();
        CheckObject(obj, schema, "", errors);
        return errors;
    }

    /// <summary>The problems of one value at <paramref name="path"/> (used for a schema's own defaults).</summary>
    public static List<FieldError> ValidateValue(JsonNode? value, ValidationSchema schema, string path)
    {
        var errors = new List<FieldError>();
        Check(value, schema, path, errors);
        return errors;
    }

    private static void Check(JsonNode? value, ValidationSchema schema, string path, List<FieldError> errors)
    {
        if (errors.Count >= MaxErrors) return;
        if (value is null)
        {
            if (schema.Nullable || schema.Type is null && !schema.IntOrString) return;
            var expected = schema.IntOrString ? "integer,string" : schema.Type;
            errors.Add(FieldError.TypeInvalid(At(path), "null", $"{path} in body must be of type {expected}: \"null\""));
            return;
        }
        var kind = value.GetValueKind();
        if (schema.IntOrString)
        {
            if (kind is not (JsonValueKind.String or JsonValueKind.Number) || kind == JsonValueKind.Number && !IsInteger(value))
            {
                errors.Add(FieldError.TypeInvalid(At(path), TypeName(value, kind), $"{path} in body must be of type integer,string: \"{TypeName(value, kind)}\""));
                return;
            }
        }
        else if (schema.Type is { } type && !Matches(type, value, kind))
        {
            errors.Add(FieldError.TypeInvalid(At(path), TypeName(value, kind), $"{path} in body must be of type {type}: \"{TypeName(value, kind)}\""));
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

    private static void CheckObject(JsonObject o, ValidationSchema schema, string path, List<FieldError> errors)
    {
        foreach (var required in schema.Required)
            if (!o.ContainsKey(required)) errors.Add(FieldError.Required(At(Join(path, required)), ""));
        if (schema.MinProperties is { } min && o.Count < min)
            errors.Add(FieldError.Invalid(At(path), o.Count, $"{path} in body should have at least {min} properties"));
        if (schema.MaxProperties is { } max && o.Count > max)
            errors.Add(FieldError.TooMany(At(path), o.Count, (int)Math.Min(max, int.MaxValue)));
        if (schema.EmbeddedResource) EmbeddedResources.Validate(o, path, errors);
        foreach (var (name, child) in o)
        {
            if (schema.Field(name) is { } childSchema) Check(child, childSchema, Join(path, name), errors);
        }
    }

    private static void CheckArray(JsonArray a, ValidationSchema schema, string path, List<FieldError> errors)
    {
        if (schema.MinItems is { } min && a.Count < min)
            errors.Add(FieldError.Invalid(At(path), a.Count, $"{path} in body should have at least {min} items"));
        if (schema.MaxItems is { } max && a.Count > max)
            errors.Add(FieldError.TooMany(At(path), a.Count, (int)Math.Min(max, int.MaxValue)));
        if (schema.Items is { } items)
            for (var i = 0; i < a.Count; i++) Check(a[i], items, $"{path}[{i}]", errors);
        if (schema.ListType == "set" || schema.UniqueItems)
        {
            for (var i = 0; i < a.Count; i++)
                for (var j = 0; j < i; j++)
                    if (JsonNode.DeepEquals(a[i], a[j]))
                    {
                        errors.Add(FieldError.Duplicate(At($"{path}[{i}]"), Go(a[i])));
                        break;
                    }
        }
        else if (schema.ListType == "map" && schema.ListMapKeys.Count > 0)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < a.Count; i++)
            {
                if (a[i] is not JsonObject item) continue;
                var key = string.Join(",", schema.ListMapKeys.Select(k => $"\"{k}\":{item[k]?.ToJsonString() ?? "null"}"));
                if (!seen.Add(key)) errors.Add(FieldError.Duplicate(At($"{path}[{i}]"), GoMap(schema.ListMapKeys, item)));
            }
        }
    }

    private static void CheckScalar(JsonNode value, JsonValueKind kind, ValidationSchema schema, string path, List<FieldError> errors)
    {
        if (kind == JsonValueKind.String)
        {
            var text = value.GetValue<string>();
            var length = text.EnumerateRunes().Count();
            if (schema.MaxLength is { } maxLength && length > maxLength) errors.Add(FieldError.TooLong(At(path), (int)Math.Min(maxLength, int.MaxValue)));
            if (schema.MinLength is { } minLength && length < minLength)
                errors.Add(FieldError.Invalid(At(path), text, $"{path} in body should be at least {minLength} chars long"));
            if (schema.PatternRegex is { } regex && !Matches(regex, text))
                errors.Add(FieldError.Invalid(At(path), text, $"{path} in body should match '{schema.Pattern}'"));
            if (schema.Format is { } format && !Formats.IsValid(format, text))
                errors.Add(FieldError.TypeInvalid(At(path), text, $"{path} in body must be of type {format}: \"{text}\""));
            return;
        }
        if (kind != JsonValueKind.Number || !JsonNumbers.TryDouble(value, out var number)) return;
        if (schema.Format is "int32" or "int64" && !Formats.FitsInteger(schema.Format, value))
            errors.Add(FieldError.TypeInvalid(At(path), Go(value), $"{path} in body must be of type {schema.Format}: \"{value.ToJsonString()}\""));
        if (schema.Minimum is { } minimum && (schema.ExclusiveMinimum ? number <= minimum : number < minimum))
            errors.Add(FieldError.Invalid(At(path), Go(value), $"{path} in body should be greater than {(schema.ExclusiveMinimum ? "" : "or equal to ")}{Num(minimum)}"));
        if (schema.Maximum is { } maximum && (schema.ExclusiveMaximum ? number >= maximum : number > maximum))
            errors.Add(FieldError.Invalid(At(path), Go(value), $"{path} in body should be less than {(schema.ExclusiveMaximum ? "" : "or equal to ")}{Num(maximum)}"));
        if (schema.MultipleOf is { } multiple and > 0 && !IsMultiple(number, multiple))
            errors.Add(FieldError.Invalid(At(path), Go(value), $"{path} in body should be a multiple of {Num(multiple)}"));
    }

    private static void CheckEnum(JsonNode value, ValidationSchema schema, string path, List<FieldError> errors)
    {
        if (schema.Enum.Count == 0) return;
        var element = ValidationSchema.Element(value);
        if (schema.Enum.Any(allowed => JsonElement.DeepEquals(allowed, element))) return;
        errors.Add(FieldError.NotSupported(At(path), Go(value), schema.Enum.Select(a => a.ValueKind == JsonValueKind.String ? a.GetString()! : a.GetRawText())));
    }

    private static bool Matches(System.Text.RegularExpressions.Regex regex, string text)
    {
        try
        {
            return regex.IsMatch(text);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return false;
        }
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
        JsonNumbers.TryLong(value, out _) || JsonNumbers.TryDouble(value, out var d) && !double.IsInfinity(d) && Math.Floor(d) == d;

    private static bool IsMultiple(double number, double multiple)
    {
        var quotient = number / multiple;
        return Math.Abs(quotient - Math.Round(quotient)) < 1e-9;
    }

    /// <summary>The JSON type kube-openapi names for a value (whole numbers are "integer").</summary>
    private static string TypeName(JsonNode value, JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => IsInteger(value) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static FieldPath At(string path) => FieldPath.Root(path);

    private static string Num(double d) => d.ToString(CultureInfo.InvariantCulture);

    /// <summary>The value as Go would print it in a field error.</summary>
    internal static object? Go(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue when JsonNumbers.TryLong(value, out var l) => l,
        JsonValue when JsonNumbers.TryDouble(value, out var d) => d,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        _ => value.ToJsonString(),
    };

    private static string GoMap(IReadOnlyList<string> keys, JsonObject item) =>
        "map[" + string.Join(" ", keys.Select(k => $"{k}:{Go(item[k])}")) + "]";
}
