using System.Text.Json.Nodes;

namespace Cluster.Api.Validation;

/// <summary>
/// Reads string fields, string maps and string lists out of metadata JSON, reporting values of the wrong
/// JSON type as FieldValueTypeInvalid errors and treating absent or null fields as empty.
/// </summary>
internal static class MetadataJson
{
    public static string GetString(JsonObject obj, string field, FieldPath path, List<FieldError> errs)
    {
        var node = obj[field];
        if (node is null)
        {
            return string.Empty;
        }

        if (node is JsonValue v && v.TryGetValue<string>(out var s))
        {
            return s;
        }

        errs.Add(FieldError.TypeInvalid(path.Child(field), node, "must be of type string"));
        return string.Empty;
    }

    public static List<(string Key, string Value)> StringMap(JsonNode? node, FieldPath path, List<FieldError> errs)
    {
        var result = new List<(string, string)>();
        if (node is null)
        {
            return result;
        }

        if (node is not JsonObject obj)
        {
            errs.Add(FieldError.TypeInvalid(path, node, "must be of type object"));
            return result;
        }

        foreach (var (key, value) in obj)
        {
            if (value is null)
            {
                result.Add((key, string.Empty));
            }
            else if (value is JsonValue v && v.TryGetValue<string>(out var s))
            {
                result.Add((key, s));
            }
            else
            {
                errs.Add(FieldError.TypeInvalid(path.Key(key), value, "must be of type string"));
            }
        }

        return result;
    }

    public static List<string> StringList(JsonNode? node, FieldPath path, List<FieldError> errs)
    {
        var result = new List<string>();
        if (node is null)
        {
            return result;
        }

        if (node is not JsonArray array)
        {
            errs.Add(FieldError.TypeInvalid(path, node, "must be of type array"));
            return result;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonValue v && v.TryGetValue<string>(out var s))
            {
                result.Add(s);
            }
            else
            {
                errs.Add(FieldError.TypeInvalid(path.Index(i), array[i], "must be of type string"));
            }
        }

        return result;
    }
}
