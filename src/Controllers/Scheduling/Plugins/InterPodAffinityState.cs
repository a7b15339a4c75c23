using Cluster.Controllers.Scheduling.Framework;

namespace Cluster.Controllers.Scheduling.Plugins;

/// <summary>
/// What InterPodAffinity's PreFilter finds once per pod: the existing pods' anti-affinity groups whose term selects
/// the incoming pod, and per domain the existing pods that the incoming pod's required affinity (all terms at once,
/// per term's key) and each of its anti-affinity terms select.
/// </summary>
internal sealed class InterPodAffinityState
{
    public List<AntiAffinityGroup> ExistingAntiAffinity { get; } = [];
    public IReadOnlyDictionary<string, int>[] Affinity { get; set; } = [];
    public IReadOnlyDictionary<string, int>[] AntiAffinity { get; set; } = [];
    public bool AnyPodMatchesAffinity { get; set; }
    public bool PodMatchesOwnAffinity { get; set; }
}
