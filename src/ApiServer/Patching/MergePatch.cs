using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Patching;

/// <summary>
/// RFC 7386 JSON Merge Patch (<c>application/merge-patch+json</c>): objects merge recursively, <c>null</c>
/// deletes a member, anything else (arrays included) replaces the target value. As in kube-apiserver, nulls
/// inside newly placed values are dropped from objects (also from objects inside arrays). Inputs are never
/// modified; the result shares no nodes with them.
/// </summary>
public static class MergePatch
{
    /// <summary>Applies <paramref name="patch"/> to <paramref name="target"/> by the RFC algorithm.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch) => Merge(target?.DeepClone(), patch);

    /// <summary>
    /// Applies a merge patch to a stored object, as the API server does: the patch must be a JSON object, else
    /// <see cref="PatchErrorKind.BadRequest"/>.
    /// </summary>
    public static JsonObject ApplyToObject(JsonObject original, JsonNode? patch)
    {
        if (patch is not JsonObject)
        {
            throw PatchException.BadRequest("merge patch must be a JSON object");
        }

        return (JsonObject)Merge(original.DeepClone(), patch)!;
    }

    /// <summary>Merges into <paramref name="target"/>, which the caller owns and may be reused in place.</summary>
    private static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return WithoutNulls(patch);
        }

        var result = target as JsonObject ?? [];
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
                continue;
            }

            result.TryGetPropertyValue(name, out var current);
            var merged = Merge(current, value);
            if (!ReferenceEquals(merged, current))
            {
                result[name] = merged;
            }
        }

        return result;
    }

    /// <summary>A detached copy of a patch value with null members removed from every object in it.</summary>
    internal static JsonNode? WithoutNulls(JsonNode? value)
    {
        switch (value)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (name, member) in obj)
                {
                    if (member is not null)
                    {
                        copy[name] = WithoutNulls(member);
                    }
                }

                return copy;
            case JsonArray array:
                var elements = new JsonArray();
                foreach (var element in array)
                {
                    elements.Add(WithoutNulls(element));
                }

                return elements;
            default:
                return value?.DeepClone();
        }
    }
}
