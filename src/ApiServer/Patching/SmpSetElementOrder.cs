using System.Text.Json.Nodes;
using Cluster.ApiServer.Schema;

namespace Cluster.ApiServer.Patching;

/// <summary>
/// The <c>$setElementOrder/&lt;field&gt;</c> directive: merges the field's patch list (if any) into the live list,
/// then orders the result by the directive (items it names, in its order) interleaved with server-only items by
/// their live order. The directive never adds or removes items.
/// </summary>
internal static class SmpSetElementOrder
{
    /// <summary>
    /// Processes every <c>$setElementOrder</c> key of <paramref name="patch"/> against <paramref name="original"/>
    /// (mutated) and returns the names of the fields it merged, which the caller must not merge again.
    /// </summary>
    public static HashSet<string>? Apply(JsonObject original, JsonObject patch, SchemaNode schema)
    {
        HashSet<string>? handled = null;
        foreach (var (key, value) in patch)
        {
            if (!key.StartsWith(SmpDirectives.SetElementOrder, StringComparison.Ordinal))
            {
                continue;
            }

            var field = SmpDirectives.FieldOf(key, SmpDirectives.SetElementOrder);
            if (value is not JsonArray order)
            {
                throw PatchException.BadRequest("invalid patch format of setElementOrder list");
            }

            if (ApplyOne(original, patch, field, order, schema.Field(field) ?? SchemaNode.Unknown))
            {
                (handled ??= new HashSet<string>(StringComparer.Ordinal)).Add(field);
            }
        }

        return handled;
    }

    private static bool ApplyOne(JsonObject original, JsonObject patch, string field, JsonArray order, SchemaNode fieldSchema)
    {
        original.TryGetPropertyValue(field, out var originalValue);
        patch.TryGetPropertyValue(field, out var patchValue);
        var originalList = originalValue as JsonArray;
        if (patchValue is not null and not JsonArray)
        {
            // Not a list in the patch: the ordinary merge decides what happens to the field.
            return false;
        }

        var patchList = (JsonArray?)patchValue;
        if (originalList is null && patchList is null)
        {
            return false;
        }

        var mergeKey = fieldSchema.PatchMergeKey;
        var keyOf = SmpLists.KeyFunction(mergeKey);
        if (mergeKey is not null && order.Any(entry => entry is JsonObject && keyOf(entry) is null))
        {
            throw PatchException.BadRequest($"$setElementOrder/{field} entries must contain the merge key {mergeKey}");
        }

        if (patchList is not null)
        {
            SmpOrder.Validate(patchList, order, keyOf);
        }

        var serverOrder = SmpOrder.IndexOf(originalList?.Select(keyOf) ?? []);
        JsonArray merged;
        if (originalList is null)
        {
            merged = SmpDirectives.CleanList(patchList!);
        }
        else if (patchList is null)
        {
            merged = originalList;
        }
        else if (fieldSchema.PatchStrategy.HasFlag(PatchStrategy.Merge))
        {
            merged = SmpLists.Merge(originalList, patchList, fieldSchema);
        }
        else
        {
            merged = SmpDirectives.CleanList(patchList);
        }

        var items = SmpLists.Detach(merged);
        var ordered = SmpOrder.Normalize(items, keyOf, SmpOrder.IndexOf(order.Select(keyOf)), serverOrder);
        original[field] = new JsonArray([.. ordered]);
        return true;
    }
}
