namespace Cluster.Controllers.Scheduling.Plugins;

/// <summary>
/// What InterPodAffinity's PreFilter counts once per pod, per topology domain: existing pods whose required
/// anti-affinity selects the incoming pod, and existing pods the incoming pod's required affinity (all terms at once)
/// and anti-affinity terms select.
/// </summary>
internal sealed class InterPodAffinityState
{
    public Dictionary<TopologyPair, long> ExistingAntiAffinity { get; } = [];
    public Dictionary<TopologyPair, long> Affinity { get; } = [];
    public Dictionary<TopologyPair, long> AntiAffinity { get; } = [];
    public bool PodMatchesOwnAffinity { get; set; }
}
