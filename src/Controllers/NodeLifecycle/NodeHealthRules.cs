using Cluster.Api.Coordination.V1;
using Cluster.Api.Core.V1;
using Cluster.Controllers.Common;

namespace Cluster.Controllers.NodeLifecycle;

/// <summary>
/// The node lifecycle controller's decisions (upstream's monitorNodeHealth and taint-based eviction), as pure
/// functions of the node, its Lease, the pods on it and the time.
/// </summary>
public static class NodeHealthRules
{
    public const string UnreachableTaint = "node.kubernetes.io/unreachable";
    public const string NotReadyTaint = "node.kubernetes.io/not-ready";
    private static readonly string[] KubeletConditions = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"];

    /// <summary>The latest sign of life: the Lease's renewal or the Ready condition's heartbeat.</summary>
    public static DateTimeOffset? LastHeartbeat(Node node, Lease? lease)
    {
        var renewed = lease?.Spec?.RenewTime;
        var posted = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.LastHeartbeatTime;
        return renewed is null ? posted : posted is null ? renewed : (renewed > posted ? renewed : posted);
    }

    /// <summary>
    /// The kubelet's conditions set to Unknown ("Kubelet stopped posting node status.") once no heartbeat came within
    /// the grace period (counting from the node's creation if none ever came); null when nothing changes.
    /// </summary>
    public static List<NodeCondition>? ConditionsAfterSilence(Node node, Lease? lease, TimeSpan grace, DateTimeOffset now)
    {
        var since = LastHeartbeat(node, lease) ?? node.Metadata?.CreationTimestamp;
        if (since is null || now - since <= grace) return null;
        var conditions = (node.Status?.Conditions ?? []).ToList();
        var changed = false;
        foreach (var type in KubeletConditions)
        {
            var index = conditions.FindIndex(c => c.Type == type);
            if (index >= 0 && conditions[index].Status == "Unknown") continue;
            var unknown = new NodeCondition
            {
                Type = type,
                Status = "Unknown",
                Reason = "NodeStatusUnknown",
                Message = "Kubelet stopped posting node status.",
                LastHeartbeatTime = index >= 0 ? conditions[index].LastHeartbeatTime : since,
                LastTransitionTime = now,
            };
            if (index >= 0) conditions[index] = unknown;
            else conditions.Add(unknown);
            changed = true;
        }
        return changed ? conditions : null;
    }

    /// <summary>The NoExecute taints the Ready condition calls for: unreachable when Unknown, not-ready when False, none when True.</summary>
    public static List<Taint> Taints(Node node, DateTimeOffset now)
    {
        var ready = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status;
        var wanted = ready switch
        {
            "Unknown" => UnreachableTaint,
            "False" => NotReadyTaint,
            _ => null,
        };
        var taints = (node.Spec?.Taints ?? []).Where(t => t.Effect != "NoExecute" || (t.Key != UnreachableTaint && t.Key != NotReadyTaint) || t.Key == wanted).ToList();
        if (wanted is not null && !taints.Any(t => t.Key == wanted && t.Effect == "NoExecute"))
            taints.Add(new Taint { Key = wanted, Effect = "NoExecute", TimeAdded = now });
        return taints;
    }

    public static bool SameTaints(IReadOnlyList<Taint>? a, IReadOnlyList<Taint> b) =>
        (a ?? []).Select(t => (t.Key, t.Value, t.Effect)).Order().SequenceEqual(b.Select(t => (t.Key, t.Value, t.Effect)).Order());

    /// <summary>
    /// When a pod must leave a node with these NoExecute taints: at once if it does not tolerate one, after the
    /// shortest tolerationSeconds (from when the taint was added) if it does with a limit, never otherwise.
    /// </summary>
    public static DateTimeOffset? EvictAt(Pod pod, IReadOnlyList<Taint> taints, DateTimeOffset now)
    {
        DateTimeOffset? at = null;
        foreach (var taint in taints.Where(t => t.Effect == "NoExecute"))
        {
            var toleration = pod.Spec?.Tolerations?.Where(t => Tolerations.Tolerates(t, taint)).ToList() ?? [];
            if (toleration.Count == 0) return now;
            if (toleration.Any(t => t.TolerationSeconds is null)) continue;
            var seconds = Math.Max(0, toleration.Min(t => t.TolerationSeconds!.Value));
            var deadline = (taint.TimeAdded ?? now).AddSeconds(seconds);
            if (at is null || deadline < at) at = deadline;
        }
        return at;
    }
}
