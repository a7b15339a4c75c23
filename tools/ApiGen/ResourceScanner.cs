using System.Text.Json;

namespace Cluster.ApiGen;

/// <summary>
/// Derives each kind's plural and scope from the swagger paths. A resource path is /api/{v} or /apis/{g}/{v},
/// then optionally namespaces/{namespace}, then the plural, then optionally {name}; anything longer is a
/// subresource and is ignored. Operations carry x-kubernetes-group-version-kind (for list operations, the item
/// kind). A kind is namespaced when any of its resource paths has the namespace segment.
/// </summary>
internal static class ResourceScanner
{
    public static IReadOnlyDictionary<GroupVersionKind, ResourceScope> Scan(JsonElement paths)
    {
        var result = new Dictionary<GroupVersionKind, ResourceScope>();
        foreach (var path in paths.EnumerateObject())
        {
            if (ParseResourcePath(path.Name) is not { } parsed)
            {
                continue;
            }
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Value.ValueKind != JsonValueKind.Object
                    || !operation.Value.TryGetProperty("x-kubernetes-group-version-kind", out var gvk))
                {
                    continue;
                }
                var key = new GroupVersionKind(
                    gvk.GetProperty("group").GetString()!, gvk.GetProperty("version").GetString()!, gvk.GetProperty("kind").GetString()!);
                if (result.TryGetValue(key, out var known))
                {
                    if (known.Plural != parsed.Plural)
                    {
                        throw new InvalidOperationException($"{key} is served as both {known.Plural} and {parsed.Plural}");
                    }
                    result[key] = known with { Namespaced = known.Namespaced || parsed.Namespaced };
                }
                else
                {
                    result[key] = parsed;
                }
            }
        }
        return result;
    }

    private static ResourceScope? ParseResourcePath(string path)
    {
        var segments = path.Trim('/').Split('/');
        int rest;
        if (segments.Length >= 2 && segments[0] == "api")
        {
            rest = 2;
        }
        else if (segments.Length >= 3 && segments[0] == "apis")
        {
            rest = 3;
        }
        else
        {
            return null;
        }
        var tail = segments[rest..];
        if (tail.Length == 0 || tail[0] == "watch")
        {
            return null;
        }
        var namespaced = false;
        if (tail.Length >= 3 && tail[0] == "namespaces" && tail[1] == "{namespace}")
        {
            namespaced = true;
            tail = tail[2..];
        }
        var isResource = tail.Length == 1 || (tail.Length == 2 && tail[1] == "{name}");
        return isResource ? new ResourceScope(tail[0], namespaced) : null;
    }
}
