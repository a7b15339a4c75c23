using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Patching;

/// <summary>
/// Strategic-merge-patch directive names, the <c>$retainKeys</c> directive, and the cleaning of patch values
/// that are taken as they are (new fields, replaced lists): directives removed, null members dropped.
/// </summary>
internal static class SmpDirectives
{
    public const string Patch = "$patch";
    public const string RetainKeys = "$retainKeys";
    public const string SetElementOrder = "$setElementOrder";
    public const string DeleteFromPrimitiveList = "$deleteFromPrimitiveList";
    public const string Delete = "delete";
    public const string Replace = "replace";
    public const string Merge = "merge";

    /// <summary>True for keys the patch uses as instructions rather than as fields of the object.</summary>
    public static bool IsDirectiveKey(string key) =>
        key.StartsWith('$') && (key == Patch || key == RetainKeys
            || key.StartsWith(SetElementOrder, StringComparison.Ordinal)
            || key.StartsWith(DeleteFromPrimitiveList, StringComparison.Ordinal));

    /// <summary>
    /// The field name behind a <c>$setElementOrder/name</c> or <c>$deleteFromPrimitiveList/name</c> key;
    /// a key with the prefix but no "/name" is a malformed patch.
    /// </summary>
    public static string FieldOf(string key, string prefix)
    {
        if (key.Length <= prefix.Length + 1 || key[prefix.Length] != '/')
        {
            throw PatchException.BadRequest(prefix == SetElementOrder
                ? "invalid patch format of setElementOrder list"
                : "invalid patch format of primitive list");
        }

        return key[(prefix.Length + 1)..];
    }

    /// <summary>The string value of a <c>$patch</c> directive, or null when absent.</summary>
    public static string? PatchDirective(JsonObject obj)
    {
        if (!obj.TryGetPropertyValue(Patch, out var value))
        {
            return null;
        }

        return value is JsonValue text && text.GetValueKind() == JsonValueKind.String
            ? text.GetValue<string>()
            : throw PatchException.BadRequest($"unknown patch type: {value?.ToJsonString() ?? "null"}");
    }

    /// <summary>
    /// Clears the members of <paramref name="original"/> not listed in the patch's <c>$retainKeys</c>, after
    /// checking that every non-null field the patch sets is listed (else a bad request).
    /// </summary>
    public static void ApplyRetainKeys(JsonObject original, JsonObject patch)
    {
        if (!patch.TryGetPropertyValue(RetainKeys, out var directive))
        {
            return;
        }

        if (directive is not JsonArray list)
        {
            throw PatchException.BadRequest("invalid patch format of retainKeys");
        }

        var retained = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in list)
        {
            if (entry is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            {
                retained.Add(value.GetValue<string>());
            }
        }

        foreach (var (key, value) in patch)
        {
            if (value is not null && !IsDirectiveKey(key) && !retained.Contains(key))
            {
                throw PatchException.BadRequest("invalid patch format of retainKeys");
            }
        }

        var cleared = original.Where(member => !retained.Contains(member.Key)).Select(member => member.Key).ToList();
        foreach (var key in cleared)
        {
            original.Remove(key);
        }
    }

    /// <summary>
    /// A detached copy of a patch value stored under a map key: objects lose directive keys and null members,
    /// recursively; <c>{"$patch":"delete"}</c> yields <c>keep = false</c> (the key is removed).
    /// </summary>
    public static (bool Keep, JsonNode? Value) CleanValue(JsonNode? value)
    {
        switch (value)
        {
            case JsonObject obj:
                if (PatchDirective(obj) == Delete)
                {
                    return (false, null);
                }

                var copy = new JsonObject();
                foreach (var (key, member) in obj)
                {
                    if (member is null || IsDirectiveKey(key))
                    {
                        continue;
                    }

                    var (keep, cleaned) = CleanValue(member);
                    if (keep)
                    {
                        copy[key] = cleaned;
                    }
                }

                return (true, copy);
            case JsonArray array:
                return (true, CleanList(array));
            default:
                return (true, value?.DeepClone());
        }
    }

    /// <summary>A detached copy of a patch list taken whole: elements carrying <c>$patch</c> are dropped.</summary>
    public static JsonArray CleanList(JsonArray list)
    {
        var copy = new JsonArray();
        foreach (var element in list)
        {
            if (element is JsonObject obj && obj.ContainsKey(Patch))
            {
                continue;
            }

            copy.Add(CleanValue(element).Value);
        }

        return copy;
    }
}
