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

    /// <summary>
    /// The node's taints with the controller's own brought in line with its conditions: NoExecute unreachable when
    /// Ready is Unknown, not-ready when False (taint-based eviction); and NoSchedule taints as upstream's
    /// TaintNodesByCondition (unreachable, not-ready, memory-, disk- and pid-pressure, network-unavailable,
    /// unschedulable for a cordoned node) so that the scheduler keeps new pods off. Other taints are kept.
    /// </summary>
    public static List<Taint> Taints(Node node, DateTimeOffset now)
    {
        var wanted = new List<(string Key, string Effect)>();
        var conditions = node.Status?.Conditions ?? [];
        string? Status(string type) => conditions.FirstOrDefault(c => c.Type == type)?.Status;
        switch (Status("Ready"))
        {
            case "Unknown":
                wanted.Add((UnreachableTaint, "NoExecute"));
                wanted.Add((UnreachableTaint, "NoSchedule"));
                break;
            case "False":
                wanted.Add((NotReadyTaint, "NoExecute"));
                wanted.Add((NotReadyTaint, "NoSchedule"));
                break;
        }
        foreach (var (condition, key) in ConditionTaints)
            if (Status(condition) == "True") wanted.Add((key, "NoSchedule"));
        if (node.Spec?.Unschedulable == true) wanted.Add((UnschedulableTaint, "NoSchedule"));

        var taints = (node.Spec?.Taints ?? []).Where(t => !IsManaged(t) || wanted.Contains((t.Key!, t.Effect!))).ToList();
        foreach (var (key, effect) in wanted)
            if (!taints.Any(t => t.Key == key && t.Effect == effect)) taints.Add(new Taint { Key = key, Effect = effect, TimeAdded = now });
        return taints;
    }

    public const string UnschedulableTaint = "node.kubernetes.io/unschedulable";

    private static readonly (string Condition, string Key)[] ConditionTaints =
    [
        ("MemoryPressure", "node.kubernetes.io/memory-pressure"),
        ("DiskPressure", "node.kubernetes.io/disk-pressure"),
        ("PIDPressure", "node.kubernetes.io/pid-pressure"),
        ("NetworkUnavailable", "node.kubernetes.io/network-unavailable"),
    ];

    private static bool IsManaged(Taint taint) =>
        (taint.Key is UnreachableTaint or NotReadyTaint && taint.Effect is "NoExecute" or "NoSchedule")
        || (taint.Effect == "NoSchedule" && (taint.Key == UnschedulableTaint || ConditionTaints.Any(c => c.Key == taint.Key)));

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
