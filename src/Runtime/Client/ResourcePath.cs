using Cluster.Api;

namespace Cluster.Runtime.Client;

/// <summary>REST paths of one resource: <c>/api/v1/namespaces/ns/pods/name/status</c> and the like.</summary>
internal static class ResourcePath
{
    public static string For(KindInfo kind, string? ns, string? name = null, string? subresource = null)
    {
        if (!kind.IsResource) throw new ArgumentException($"{kind.Kind} is not a resource", nameof(kind));
        var path = kind.Group.Length == 0 ? "/api/" + kind.Version : $"/apis/{kind.Group}/{kind.Version}";
        if (kind.Namespaced && !string.IsNullOrEmpty(ns)) path += "/namespaces/" + Uri.EscapeDataString(ns);
        path += "/" + kind.Plural;
        if (name is not null)
        {
            if (name.Length == 0) throw new ArgumentException("an empty name", nameof(name));
            path += "/" + Uri.EscapeDataString(name);
        }
        if (subresource is not null) path += "/" + subresource;
        return path;
    }
}
