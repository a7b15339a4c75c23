using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Registry;
using Cluster.ApiServer.Storage;

namespace Cluster.ApiServer.Handlers;

/// <summary>
/// Namespaced objects are created only in a namespace that exists and is not being deleted. The namespaces'
/// watch cache answers (as upstream's lifecycle admission uses its lister); a namespace the cache has not seen
/// yet is read from the store, so one created a moment ago is never refused.
/// </summary>
public static class NamespaceGuard
{
    public static async ValueTask EnsureWritableAsync(ApiServices api, ResourceDefinition r, string ns, CancellationToken ct)
    {
        if (!r.Namespaced) return;
        var namespaces = api.Registry.Find("", "v1", "namespaces")!;
        var cache = await api.Caches.GetAsync(namespaces, ct);
        bool deleting;
        if (cache.State.Objects.TryGetValue(ns, out var cached))
        {
            deleting = cached.Deleting;
        }
        else
        {
            var obj = await api.Storage.GetAsync(namespaces, "", ns, ct) ?? throw ApiErrors.NotFound(namespaces.GroupResource, ns);
            deleting = ObjectMeta.IsDeleting(obj);
        }
        if (deleting)
            throw new ApiException(403, "Forbidden",
                $"{r.GroupResource} is forbidden: unable to create new content in namespace {ns} because it is being terminated",
                new StatusDetails(Group: r.Group, Kind: r.Plural,
                    Causes: [new StatusCause("NamespaceTerminating", $"namespace {ns} is being terminated", "metadata.namespace")]));
    }
}
