using Cluster.Api.Core.V1;
using Cluster.Runtime;

namespace Cluster.Controllers.Scheduling.Framework;

/// <summary>A pod with what the scheduler reads of it parsed once: requests, host ports, affinity terms, priority.</summary>
public sealed class PodInfo
{
    private PodInfo(Pod pod)
    {
        Pod = pod;
        Key = ObjectKey.Of(pod);
        Requests = PodResources.Requests(pod);
        (NonZeroMilliCpu, NonZeroMemory) = PodResources.NonZeroRequests(pod);
        var ports = new List<HostPort>();
        foreach (var container in pod.Spec?.Containers ?? [])
            foreach (var port in container.Ports ?? [])
                if (port.HostPort is > 0 and var hostPort)
                    ports.Add(new HostPort(port.HostIP is { Length: > 0 } ip ? ip : HostPort.AnyAddress, port.Protocol ?? "TCP", hostPort));
        HostPorts = ports;
        var affinity = pod.Spec?.Affinity;
        RequiredAffinity = [.. (affinity?.PodAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? []).Select(t => AffinityTerm.Of(t, pod))];
        RequiredAntiAffinity = [.. (affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? []).Select(t => AffinityTerm.Of(t, pod))];
        PreferredAffinity = [.. (affinity?.PodAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? [])
            .Where(t => t.PodAffinityTerm is not null).Select(t => AffinityTerm.Of(t.PodAffinityTerm!, pod, t.Weight ?? 0))];
        PreferredAntiAffinity = [.. (affinity?.PodAntiAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? [])
            .Where(t => t.PodAffinityTerm is not null).Select(t => AffinityTerm.Of(t.PodAffinityTerm!, pod, t.Weight ?? 0))];
    }

    public static PodInfo Of(Pod pod) => new(pod);

    public Pod Pod { get; }
    public ObjectKey Key { get; }
    public string Uid => Pod.Metadata?.Uid ?? Key.ToString();
    public string Namespace => Key.Namespace;
    public IReadOnlyDictionary<string, string>? Labels => Pod.Metadata?.Labels;
    public int Priority => Pod.Spec?.Priority ?? 0;
    public Resources Requests { get; }
    public long NonZeroMilliCpu { get; }
    public long NonZeroMemory { get; }
    public IReadOnlyList<HostPort> HostPorts { get; }
    public IReadOnlyList<AffinityTerm> RequiredAffinity { get; }
    public IReadOnlyList<AffinityTerm> RequiredAntiAffinity { get; }
    public IReadOnlyList<AffinityTerm> PreferredAffinity { get; }
    public IReadOnlyList<AffinityTerm> PreferredAntiAffinity { get; }
    public bool HasAffinity => RequiredAffinity.Count + RequiredAntiAffinity.Count + PreferredAffinity.Count + PreferredAntiAffinity.Count > 0;

    /// <summary>Whether the pod has terms that score other pods' nodes: required affinity (at the hard weight) or preferred ones.</summary>
    public bool HasScoringAffinity => RequiredAffinity.Count + PreferredAffinity.Count + PreferredAntiAffinity.Count > 0;
}
