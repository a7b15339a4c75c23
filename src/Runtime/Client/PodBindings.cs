using System.Text.Json;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;

namespace Cluster.Runtime.Client;

/// <summary>Assigning a pod to a node through <c>pods/binding</c>, as a scheduler does.</summary>
public static class PodBindings
{
    /// <summary>
    /// Binds <paramref name="pod"/> to <paramref name="nodeName"/>. The pod's uid is a precondition, so a pod deleted and
    /// recreated under the same name is not bound by mistake; a pod already bound or being deleted is a conflict.
    /// </summary>
    public static Task BindAsync(this ClusterClient client, Pod pod, string nodeName, CancellationToken ct = default)
    {
        var key = ObjectKey.Of(pod);
        var binding = new Binding
        {
            ApiVersion = "v1",
            Kind = "Binding",
            Metadata = new ObjectMeta { Name = key.Name, Namespace = key.Namespace, Uid = pod.Metadata?.Uid },
            Target = new ObjectReference { Kind = "Node", Name = nodeName },
        };
        return client.Resource<Pod>().PostSubresourceAsync(key, "binding", JsonSerializer.SerializeToUtf8Bytes(binding, Binding.JsonTypeInfo), ct);
    }
}
