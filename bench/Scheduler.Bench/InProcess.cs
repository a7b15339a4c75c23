using System.Diagnostics;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Api.Serialization;
using Cluster.Controllers.Scheduling.Cache;
using Cluster.Controllers.Scheduling.Framework;

namespace Cluster.Scheduler.Bench;

/// <summary>
/// The scheduling algorithm alone, as the scheduler runs it per pod (snapshot refresh, default profile, assume), over
/// 5,000 nodes that already hold 100 pods: decisions per second, no API.
/// </summary>
internal static class InProcess
{
    public static double DecisionsPerSecond(int nodes, int pods) => DecisionsPerSecond(nodes, pods, BenchPods.Plain);

    /// <summary>Decisions per second for <paramref name="pods"/> pods made by <paramref name="make"/>.</summary>
    public static double DecisionsPerSecond(int nodes, int pods, Func<string, string, Pod> make)
    {
        var cache = new SchedulerCache(TimeProvider.System);
        for (var i = 0; i < nodes; i++) cache.AddNode(Node($"node-{i}", i % 10));
        for (var i = 0; i < 100; i++) cache.AddPod(BenchPods.Plain("existing", $"e{i}") with { Spec = BenchPods.Plain("existing", $"e{i}").Spec! with { NodeName = $"node-{i * 37 % nodes}" }, Metadata = Meta("existing", $"e{i}") });
        var algorithm = new SchedulingAlgorithm(SchedulerProfile.Default(), new Random(1));
        var snapshot = new Snapshot();
        var incoming = Enumerable.Range(0, pods).Select(i => make("bench", $"p{i}")).Select(p => PodInfo.Of(p with { Metadata = p.Metadata! with { Uid = $"bench-{p.Metadata.Name}" } })).ToList();
        var clock = Stopwatch.StartNew();
        foreach (var pod in incoming)
        {
            cache.UpdateSnapshot(snapshot);
            var result = algorithm.Schedule(pod, snapshot);
            if (result.Node is { } node) cache.AssumePod(pod, node);
        }
        return pods / clock.Elapsed.TotalSeconds;
    }

    private static ObjectMeta Meta(string ns, string name) => new() { Name = name, Namespace = ns, Uid = $"{ns}-{name}", Labels = new Dictionary<string, string> { ["app"] = "plain" } };

    private static Node Node(string name, int zone)
    {
        var capacity = new Dictionary<string, ResourceQuantity> { ["cpu"] = "4", ["memory"] = "16Gi", ["pods"] = "110", ["ephemeral-storage"] = "100Gi" };
        return new Node
        {
            Metadata = new ObjectMeta
            {
                Name = name,
                Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name, ["topology.kubernetes.io/zone"] = $"zone-{zone}" },
            },
            Status = new NodeStatus { Capacity = capacity, Allocatable = capacity },
        };
    }
}
