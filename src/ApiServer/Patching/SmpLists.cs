using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Schema;

namespace Cluster.ApiServer.Patching;

/// <summary>
/// Strategic merge of lists whose field has patch strategy <c>merge</c>: lists of objects merge element-wise by
/// the field's <c>patchMergeKey</c> (with <c>$patch: delete</c> and <c>$patch: replace</c> elements), lists of
/// scalars are unioned without duplicates; <c>$deleteFromPrimitiveList</c> removes scalars. Elements are matched
/// through dictionaries, so long lists merge in O(n log n).
/// </summary>
internal static class SmpLists
{
    private enum ElementKind
    {
        None,
        Object,
        String,
        Number,
        Boolean,
        Null,
    }

    /// <summary>The identity of a list element: its merge-key value for objects, its value otherwise.</summary>
    public static Func<JsonNode?, string?> KeyFunction(string? mergeKey) => mergeKey is null
        ? JsonValueKey.Of
        : node => node is JsonObject obj
            ? obj.TryGetPropertyValue(mergeKey, out var value) ? JsonValueKey.Of(value) : null
            : JsonValueKey.Of(node);

    /// <summary>
    /// Merges <paramref name="patch"/> (read only) into <paramref name="original"/> (owned by the caller and
    /// emptied) and returns the merged list, ordered as <see cref="SmpOrder"/> describes.
    /// </summary>
    public static JsonArray Merge(JsonArray original, JsonArray patch, SchemaNode listSchema)
    {
        if (original.Count == 0 && patch.Count == 0)
        {
            return original;
        }

        var kind = ElementKindOf(original, patch);
        var items = Detach(original);
        var mergeKey = listSchema.PatchMergeKey;
        var keyOf = KeyFunction(kind == ElementKind.Object ? mergeKey : null);
        List<JsonNode?> merged;
        List<JsonNode?> patchItems;
        if (kind == ElementKind.Object)
        {
            if (mergeKey is null)
            {
                throw PatchException.Invalid($"cannot merge lists without merge key for {listSchema}");
            }

            (items, patchItems) = ApplySpecialElements(items, patch, mergeKey, keyOf);
            merged = MergeByKey(items, patchItems, keyOf, listSchema.Items ?? SchemaNode.Unknown, mergeKey);
        }
        else
        {
            patchItems = [.. patch];
            merged = Union(items, patchItems);
        }

        var ordered = SmpOrder.Normalize(merged, keyOf, SmpOrder.IndexOf(patchItems.Select(keyOf)), SmpOrder.IndexOf(items.Select(keyOf)));
        return [.. ordered];
    }

    /// <summary>Removes from <paramref name="original"/> every element equal to one in <paramref name="toDelete"/>.</summary>
    public static JsonArray DeleteValues(JsonArray original, JsonArray toDelete)
    {
        var deleted = toDelete.Select(JsonValueKey.Of).ToHashSet(StringComparer.Ordinal);
        var kept = Detach(original).Where(item => !deleted.Contains(JsonValueKey.Of(item)));
        return [.. kept];
    }

    /// <summary>Takes the elements out of <paramref name="list"/> so they can be placed in a new list.</summary>
    public static List<JsonNode?> Detach(JsonArray list)
    {
        var items = new List<JsonNode?>(list);
        list.Clear();
        return items;
    }

    private static (List<JsonNode?> Original, List<JsonNode?> Patch) ApplySpecialElements(
        List<JsonNode?> original, JsonArray patch, string mergeKey, Func<JsonNode?, string?> keyOf)
    {
        var regular = new List<JsonNode?>(patch.Count);
        HashSet<string>? deleted = null;
        var replace = false;
        foreach (var element in patch)
        {
            var obj = (JsonObject)element!;
            switch (SmpDirectives.PatchDirective(obj))
            {
                case null or SmpDirectives.Merge:
                    regular.Add(obj);
                    break;
                case SmpDirectives.Delete:
                    (deleted ??= new HashSet<string>(StringComparer.Ordinal)).Add(RequireKey(obj, mergeKey, keyOf));
                    break;
                case SmpDirectives.Replace:
                    replace = true;
                    break;
                case var unknown:
                    throw PatchException.BadRequest($"unknown patch type: {unknown} in map: {obj.ToJsonString()}");
            }
        }

        if (replace)
        {
            // "$patch: replace" in a list replaces the whole list with the patch's other elements.
            return (regular.Select(item => SmpDirectives.CleanValue(item).Value).ToList(), []);
        }

        if (deleted is not null)
        {
            original = original.Where(item => keyOf(item) is not { } key || !deleted.Contains(key)).ToList();
        }

        return (original, regular);
    }

    private static List<JsonNode?> MergeByKey(
        List<JsonNode?> original, List<JsonNode?> patch, Func<JsonNode?, string?> keyOf, SchemaNode itemSchema, string mergeKey)
    {
        var merged = new List<JsonNode?>(original);
        var positions = SmpOrder.IndexOf(merged.Select(keyOf));
        foreach (var element in patch)
        {
            var obj = (JsonObject)element!;
            var key = RequireKey(obj, mergeKey, keyOf);
            if (positions.TryGetValue(key, out var position))
            {
                merged[position] = StrategicMergePatch.MergeMap((JsonObject)merged[position]!, obj, itemSchema);
            }
            else
            {
                positions[key] = merged.Count;
                merged.Add(SmpDirectives.CleanValue(obj).Value);
            }
        }

        return merged;
    }

    private static List<JsonNode?> Union(List<JsonNode?> original, List<JsonNode?> patch)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var union = new List<JsonNode?>(original.Count + patch.Count);
        foreach (var item in original)
        {
            if (seen.Add(JsonValueKey.Of(item)))
            {
                union.Add(item);
            }
        }

        foreach (var item in patch)
        {
            if (seen.Add(JsonValueKey.Of(item)))
            {
                union.Add(item?.DeepClone());
            }
        }

        return union;
    }

    private static string RequireKey(JsonObject obj, string mergeKey, Func<JsonNode?, string?> keyOf) =>
        keyOf(obj) ?? throw PatchException.BadRequest($"map: {obj.ToJsonString()} does not contain declared merge key: {mergeKey}");

    private static ElementKind ElementKindOf(JsonArray original, JsonArray patch)
    {
        var kind = ElementKind.None;
        foreach (var element in original.Concat(patch))
        {
            var current = element switch
            {
                null => ElementKind.Null,
                JsonObject => ElementKind.Object,
                JsonArray => throw PatchException.Invalid("lists of lists are not supported"),
                _ => element.GetValueKind() switch
                {
                    JsonValueKind.String => ElementKind.String,
                    JsonValueKind.Number => ElementKind.Number,
                    JsonValueKind.True or JsonValueKind.False => ElementKind.Boolean,
                    _ => ElementKind.Null,
                },
            };
            if (kind != ElementKind.None && kind != current)
            {
                throw PatchException.Invalid("list element types are not identical");
            }

            kind = current;
        }

        return kind;
    }
}
