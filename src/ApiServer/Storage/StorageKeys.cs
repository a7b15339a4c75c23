using System.Text;
using Cluster.ApiServer.Registry;

namespace Cluster.ApiServer.Storage;

/// <summary>Store keys, as Kubernetes lays them out: <c>/registry/&lt;resource&gt;/[&lt;namespace&gt;/]&lt;name&gt;</c>.</summary>
public static class StorageKeys
{
    public static byte[] Object(ResourceDefinition r, string ns, string name) =>
        Encoding.UTF8.GetBytes(r.Namespaced ? $"/registry/{r.StorageResource}/{ns}/{name}" : $"/registry/{r.StorageResource}/{name}");

    /// <summary>The prefix of every object of the resource, or of one namespace's objects.</summary>
    public static byte[] Prefix(ResourceDefinition r, string ns) =>
        Encoding.UTF8.GetBytes(r.Namespaced && ns.Length > 0 ? $"/registry/{r.StorageResource}/{ns}/" : $"/registry/{r.StorageResource}/");
}
