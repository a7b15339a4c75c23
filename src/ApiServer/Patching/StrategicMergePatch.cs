using System.Text.Json.Nodes;
using Cluster.ApiServer.Schema;

namespace Cluster.ApiServer.Patching;

/// <summary>
/// Kubernetes strategic merge patch (<c>application/strategic-merge-patch+json</c>), applied server-side as
/// kube-apiserver does, with field behaviour taken from a <see cref="SchemaNode"/>:
/// <list type="bullet">
/// <item>Objects merge recursively; a <c>null</c> value deletes the key. Fields with patch strategy
/// <c>replace</c> are replaced whole.</item>
/// <item>Lists with patch strategy <c>merge</c>: objects merge element-wise by the <c>patchMergeKey</c>, scalars
/// are unioned without duplicates; other lists (and fields unknown to the schema) are replaced.</item>
/// <item>Directives: <c>$patch: replace|delete|merge</c> on objects and list elements (<c>replace</c> inside a
/// list replaces the whole list, <c>delete</c> removes the element with that key, <c>delete</c> on an object
/// empties it), <c>$setElementOrder/&lt;field&gt;</c>, <c>$deleteFromPrimitiveList/&lt;field&gt;</c> and
/// <c>$retainKeys</c> (keys not listed are cleared). Directives never reach the result.</item>
/// </list>
/// Inputs are never modified; the result is a new object. Malformed directives are
/// <see cref="PatchErrorKind.BadRequest"/>; patches that cannot apply (list of lists, mixed element types) are
/// <see cref="PatchErrorKind.Invalid"/>. Deliberate differences from upstream: <c>$patch: merge</c> is accepted
/// as the default it is documented to be, and a new field given as <c>{"$patch":"replace",…}</c> keeps its
/// content.
/// </summary>
public static class StrategicMergePatch
{
    /// <summary>Applies <paramref name="patch"/> to a copy of <paramref name="original"/>.</summary>
    public static JsonObject Apply(JsonObject original, JsonObject patch, SchemaNode schema) =>
        MergeMap((JsonObject)original.DeepClone(), patch, schema);

    /// <summary>As <see cref="Apply(JsonObject, JsonObject, SchemaNode)"/>; a patch that is not a JSON object is a bad request.</summary>
    public static JsonObject Apply(JsonObject original, JsonNode? patch, SchemaNode schema) =>
        patch is JsonObject patchObject
            ? Apply(original, patchObject, schema)
            : throw PatchException.BadRequest("strategic merge patch must be a JSON object");

    /// <summary>
    /// Merges <paramref name="patch"/> (read only) into <paramref name="original"/> (owned by the caller, changed
    /// in place) and returns the result, which is <paramref name="original"/> unless a <c>$patch</c> directive
    /// replaced or deleted it.
    /// </summary>
    internal static JsonObject MergeMap(JsonObject original, JsonObject patch, SchemaNode schema)
    {
        switch (SmpDirectives.PatchDirective(patch))
        {
            case null or SmpDirectives.Merge:
                break;
            case SmpDirectives.Replace:
                return (JsonObject)SmpDirectives.CleanValue(WithoutDirective(patch)).Value!;
            case SmpDirectives.Delete:
                return [];
            case var unknown:
                throw PatchException.BadRequest($"unknown patch type: {unknown} in map: {patch.ToJsonString()}");
        }

        SmpDirectives.ApplyRetainKeys(original, patch);
        var ordered = SmpSetElementOrder.Apply(original, patch, schema);
        List<(string Field, JsonNode? Values)>? deletions = null;
        foreach (var (key, value) in patch)
        {
            if (key.StartsWith(SmpDirectives.DeleteFromPrimitiveList, StringComparison.Ordinal))
            {
                (deletions ??= []).Add((SmpDirectives.FieldOf(key, SmpDirectives.DeleteFromPrimitiveList), value));
            }
            else if (!SmpDirectives.IsDirectiveKey(key) && ordered?.Contains(key) != true)
            {
                MergeField(original, key, value, schema.Field(key) ?? SchemaNode.Unknown);
            }
        }

        // Deletions run after additions, so a value both added and deleted ends up deleted.
        foreach (var (field, values) in deletions ?? [])
        {
            DeleteFromPrimitiveList(original, field, values);
        }

        return original;
    }

    private static void MergeField(JsonObject original, string key, JsonNode? patchValue, SchemaNode fieldSchema)
    {
        if (patchValue is null)
        {
            original.Remove(key);
            return;
        }

        original.TryGetPropertyValue(key, out var current);
        switch (current, patchValue)
        {
            case (JsonObject currentObject, JsonObject patchObject)
                when !fieldSchema.PatchStrategy.HasFlag(PatchStrategy.Replace):
                var merged = MergeMap(currentObject, patchObject, fieldSchema);
                if (!ReferenceEquals(merged, currentObject))
                {
                    original[key] = merged;
                }

                return;
            case (JsonArray currentList, JsonArray patchList) when fieldSchema.PatchStrategy.HasFlag(PatchStrategy.Merge):
                original[key] = SmpLists.Merge(currentList, patchList, fieldSchema);
                return;
            case (JsonObject, JsonObject):
                // Patch strategy "replace": the patch's object is taken whole, directive or not.
                original[key] = SmpDirectives.CleanValue(WithoutDirective((JsonObject)patchValue)).Value;
                return;
            default:
                var (keep, value) = SmpDirectives.CleanValue(patchValue);
                if (keep)
                {
                    original[key] = value;
                }
                else
                {
                    original.Remove(key);
                }

                return;
        }
    }

    private static void DeleteFromPrimitiveList(JsonObject original, string field, JsonNode? values)
    {
        if (values is null)
        {
            return;
        }

        if (values is not JsonArray toDelete)
        {
            throw PatchException.BadRequest("invalid patch format of primitive list");
        }

        if (original[field] is JsonArray list)
        {
            original[field] = SmpLists.DeleteValues(list, toDelete);
        }
    }

    private static JsonObject WithoutDirective(JsonObject patch)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in patch)
        {
            if (key != SmpDirectives.Patch)
            {
                copy[key] = value?.DeepClone();
            }
        }

        return copy;
    }
}
