using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime;
using Cluster.Runtime.Builder;

namespace Cluster.Kubelet.Volumes;

/// <summary>Which of this node's pods project a ConfigMap or Secret into a volume (their files must follow it).</summary>
public static class PodVolumeReferences
{
    public static IEnumerable<ObjectKey> PodsUsing(ClusterCache cache, ObjectMeta? meta, bool configMap)
    {
        if (meta?.Name is not { } name || meta.Namespace is not { } ns) return [];
        return cache.List<Pod>(ns)
            .Where(pod => (pod.Spec?.Volumes ?? []).Any(v => configMap ? UsesConfigMap(v, name) : UsesSecret(v, name)))
            .Select(pod => new ObjectKey(ns, pod.Metadata!.Name!))
            .ToList();
    }

    public static bool UsesConfigMap(Volume volume, string name) =>
        volume.ConfigMap?.Name == name || (volume.Projected?.Sources ?? []).Any(s => s.ConfigMap?.Name == name);

    public static bool UsesSecret(Volume volume, string name) =>
        volume.Secret?.SecretName == name || (volume.Projected?.Sources ?? []).Any(s => s.Secret?.Name == name);
}
