using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Registry;
using Cluster.ApiServer.Storage;

namespace Cluster.ApiServer.Handlers;

/// <summary>Namespaced objects are created only in a namespace that exists and is not being deleted.</summary>
public static class NamespaceGuard
{
    public static async ValueTask EnsureWritableAsync(ApiServices api, ResourceDefinition r, string ns, CancellationToken ct)
    {
        if (!r.Namespaced) return;
        var namespaces = api.Registry.Find("", "v1", "namespaces")!;
        var obj = await api.Storage.GetAsync(namespaces, "", ns, ct);
        if (obj is null) throw ApiErrors.NotFound(namespaces.GroupResource, ns);
        if (ObjectMeta.IsDeleting(obj))
            throw new ApiException(403, "Forbidden",
                $"{r.GroupResource} is forbidden: unable to create new content in namespace {ns} because it is being terminated",
                new StatusDetails(Group: r.Group, Kind: r.Plural,
                    Causes: [new StatusCause("NamespaceTerminating", $"namespace {ns} is being terminated", "metadata.namespace")]));
    }
}
