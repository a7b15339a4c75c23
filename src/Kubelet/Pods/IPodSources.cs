using Cluster.Api.Core.V1;
using Cluster.Api.Serialization;

namespace Cluster.Kubelet.Pods;

/// <summary>
/// What a pod's containers draw on besides the pod itself: ConfigMaps and Secrets of its namespace (from the agent's
/// informer caches) and the node's allocatable resources.
/// </summary>
public interface IPodSources
{
    /// <summary>The ConfigMap, or null when it does not exist.</summary>
    ConfigMap? ConfigMap(string ns, string name);

    /// <summary>The Secret, or null when it does not exist.</summary>
    Secret? Secret(string ns, string name);

    /// <summary>The node's allocatable resources: a limit a container does not set resolves to them.</summary>
    IReadOnlyDictionary<string, ResourceQuantity> NodeAllocatable { get; }

    /// <summary>
    /// A token of the pod's service account bound to the pod (the TokenRequest API), for <paramref name="audience"/>
    /// (null: the API server's) and valid for <paramref name="expirationSeconds"/>.
    /// </summary>
    Task<string> ServiceAccountTokenAsync(Pod pod, string? audience, long expirationSeconds, CancellationToken ct);
}
