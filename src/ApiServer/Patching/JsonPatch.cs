using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Patching;

/// <summary>
/// RFC 6902 JSON Patch (<c>application/json-patch+json</c>): add, remove, replace, move, copy and test, with
/// RFC 6901 pointers (<c>~0</c>, <c>~1</c>, <c>-</c> to append). Matches kube-apiserver (json-patch v4): a body
/// that is not an array of objects is <see cref="PatchErrorKind.BadRequest"/>; any operation that cannot be
/// applied (unknown op, missing field, missing path, failed test) is <see cref="PatchErrorKind.Invalid"/>; more
/// than <see cref="MaxOperations"/> operations is <see cref="PatchErrorKind.TooLarge"/>. Like v4, <c>replace</c>
/// of a missing object member adds it, and testing a missing member against <c>null</c> succeeds.
/// Inputs are never modified; operations apply in order and the first failure aborts the whole patch.
/// </summary>
public static class JsonPatch
{
    /// <summary>The largest number of operations accepted in one patch (kube-apiserver's limit).</summary>
    public const int MaxOperations = 10000;

    public static JsonNode? Apply(JsonNode? document, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw PatchException.BadRequest("json patch must be a JSON array of operations");
        }

        if (operations.Count > MaxOperations)
        {
            throw new PatchException(PatchErrorKind.TooLarge,
                $"The allowed maximum operations in a JSON patch is {MaxOperations}, got {operations.Count}");
        }

        foreach (var operation in operations)
        {
            if (operation is not JsonObject)
            {
                throw PatchException.BadRequest("json patch operations must be JSON objects");
            }
        }

        var root = document?.DeepClone();
        foreach (var operation in operations)
        {
            root = ApplyOperation(root, (JsonObject)operation!);
        }

        return root;
    }

    private static JsonNode? ApplyOperation(JsonNode? root, JsonObject operation)
    {
        var op = Text(operation, "op") ?? "unknown";
        switch (op)
        {
            case "add":
                return Add(root, Path(operation, op, "path"), Value(operation, op), op);
            case "remove":
                return Remove(root, Path(operation, op, "path"), op).Root;
            case "replace":
                return Replace(root, Path(operation, op, "path"), Value(operation, op));
            case "move":
                return Move(root, Path(operation, op, "from"), Path(operation, op, "path"));
            case "copy":
                var source = Get(root, Path(operation, op, "from"), op, "from ");
                return Add(root, Path(operation, op, "path"), source?.DeepClone(), op);
            case "test":
                Test(root, Path(operation, op, "path"), Value(operation, op));
                return root;
            default:
                throw PatchException.Invalid($"Unexpected kind: {op}");
        }
    }

    private static JsonNode? Add(JsonNode? root, string path, JsonNode? value, string op)
    {
        var tokens = JsonPointer.Parse(path);
        if (tokens.Length == 0)
        {
            return value;
        }

        var key = tokens[^1];
        switch (JsonPointer.Parent(root, tokens))
        {
            case JsonObject obj:
                obj[key] = value;
                return root;
            case JsonArray array when key == "-":
                array.Add(value);
                return root;
            case JsonArray array when JsonPointer.TryIndex(key, out var index) && index <= array.Count:
                array.Insert(index, value);
                return root;
            case JsonArray:
                throw PatchException.Invalid($"{op} operation does not apply: invalid array index \"{key}\" in path \"{path}\"");
            default:
                throw MissingPath(op, path);
        }
    }

    private static (JsonNode? Root, JsonNode? Removed) Remove(JsonNode? root, string path, string op)
    {
        var tokens = JsonPointer.Parse(path);
        if (tokens.Length == 0)
        {
            throw PatchException.Invalid($"{op} operation does not apply: cannot remove the whole document");
        }

        var key = tokens[^1];
        switch (JsonPointer.Parent(root, tokens))
        {
            case JsonObject obj when obj.TryGetPropertyValue(key, out var removed):
                obj.Remove(key);
                return (root, removed);
            case JsonArray array when JsonPointer.TryIndex(key, out var index) && index < array.Count:
                var element = array[index];
                array.RemoveAt(index);
                return (root, element);
            default:
                throw MissingPath(op, path);
        }
    }

    private static JsonNode? Replace(JsonNode? root, string path, JsonNode? value)
    {
        var tokens = JsonPointer.Parse(path);
        if (tokens.Length == 0)
        {
            return value;
        }

        var key = tokens[^1];
        switch (JsonPointer.Parent(root, tokens))
        {
            case JsonObject obj:
                // kube-apiserver's json-patch v4 sets a missing member instead of failing; kubectl relies on it.
                obj[key] = value;
                return root;
            case JsonArray array when JsonPointer.TryIndex(key, out var index) && index < array.Count:
                array[index] = value;
                return root;
            default:
                throw MissingPath("replace", path);
        }
    }

    private static JsonNode? Move(JsonNode? root, string from, string path)
    {
        if (from == path)
        {
            Get(root, from, "move", "from ");
            return root;
        }

        if (path.StartsWith(from + "/", StringComparison.Ordinal))
        {
            throw PatchException.Invalid($"move operation does not apply: cannot move \"{from}\" into its own child \"{path}\"");
        }

        var (afterRemove, value) = Remove(root, from, "move");
        return Add(afterRemove, path, value, "move");
    }

    private static void Test(JsonNode? root, string path, JsonNode? expected)
    {
        var tokens = JsonPointer.Parse(path);
        JsonNode? actual = root;
        if (tokens.Length > 0)
        {
            var parent = JsonPointer.Parent(root, tokens) ?? throw PatchException.Invalid($"test operation does not apply: is missing path: {path}");
            if (!JsonPointer.TryChild(parent, tokens[^1], out actual))
            {
                if (parent is JsonObject && expected is null)
                {
                    return;
                }

                throw PatchException.Invalid($"testing value {path} failed");
            }
        }

        if (!JsonNode.DeepEquals(actual, expected))
        {
            throw PatchException.Invalid($"testing value {path} failed");
        }
    }

    private static JsonNode? Get(JsonNode? root, string path, string op, string what)
    {
        var tokens = JsonPointer.Parse(path);
        if (tokens.Length == 0)
        {
            return root;
        }

        var parent = JsonPointer.Parent(root, tokens);
        return JsonPointer.TryChild(parent, tokens[^1], out var value)
            ? value
            : throw PatchException.Invalid($"{op} operation does not apply: doc is missing {what}path: \"{path}\"");
    }

    private static PatchException MissingPath(string op, string path) =>
        PatchException.Invalid($"{op} operation does not apply: doc is missing path: \"{path}\"");

    private static string Path(JsonObject operation, string op, string field) =>
        Text(operation, field) ?? throw PatchException.Invalid($"{op} operation missing {field} field");

    private static JsonNode? Value(JsonObject operation, string op) =>
        operation.TryGetPropertyValue("value", out var value)
            ? value?.DeepClone()
            : throw PatchException.Invalid($"{op} operation missing value field");

    private static string? Text(JsonObject operation, string field) =>
        operation[field] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
