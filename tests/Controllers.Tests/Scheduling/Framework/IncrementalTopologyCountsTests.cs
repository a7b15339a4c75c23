using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Controllers.Scheduling.Cache;
using Cluster.Controllers.Scheduling.Framework;
using Cluster.Controllers.Scheduling.Plugins;
using Cluster.TestKit;
using static Cluster.Controllers.Tests.Scheduling.SchedulingObjects;

namespace Cluster.Controllers.Tests.Scheduling.Framework;

/// <summary>
/// The snapshot keeps affinity and spread counts up to date as pods and nodes change, instead of counting afresh per
/// pod. Whatever happens, a long-lived snapshot must decide exactly as a snapshot made from scratch.
/// </summary>
public sealed class IncrementalTopologyCountsTests
{
    private const string Zone = "topology.kubernetes.io/zone";
    private const string Hostname = "kubernetes.io/hostname";

    private static readonly (string Name, Pod Pod)[] Probes =
    [
        ("anti-affinity to app=a per zone", Labelled("probe-anti", "x", "n1").WithSpec(s => s with { Affinity = Anti("a", Zone) })),
        ("anti-affinity to app=b per host", Labelled("probe-anti-host", "x", "n2").WithSpec(s => s with { Affinity = Anti("b", Hostname) })),
        ("affinity to app=b per zone", Labelled("probe-affinity", "x", "n1").WithSpec(s => s with { Affinity = new Affinity { PodAffinity = new PodAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [Term("b", Zone)] } } })),
        ("selected by existing anti-affinity (app=a)", Labelled("probe-plain-a", "a", "n1")),
        ("selected by existing anti-affinity (app=b, other namespace)", Labelled("probe-plain-b", "b", "n2")),
        ("spread app=a over zones", Labelled("probe-spread", "a", "n1").WithSpec(s => s with { TopologySpreadConstraints = [Spread("a", Zone)] })),
        ("spread app=b over hosts", Labelled("probe-spread-host", "b", "n2").WithSpec(s => s with { TopologySpreadConstraints = [Spread("b", Hostname)] })),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void A_long_lived_snapshot_decides_as_a_fresh_one_through_any_changes(int seed)
    {
        var random = new Random(seed);
        var cache = new SchedulerCache(new ManualTime());
        var kept = new Snapshot();
        var nodes = new Dictionary<string, Node>(StringComparer.Ordinal);
        var pods = new Dictionary<string, Pod>(StringComparer.Ordinal);
        var assumed = new Dictionary<string, PodInfo>(StringComparer.Ordinal);
        for (var i = 0; i < 6; i++) AddNode($"node-{i}");

        for (var step = 0; step < 300; step++)
        {
            switch (random.Next(10))
            {
                case 0 when nodes.Count < 10:
                    AddNode($"node-{step}");
                    break;
                case 1 when nodes.Count > 2:
                    var gone = Pick(nodes.Keys);
                    cache.RemoveNode(nodes[gone]);
                    nodes.Remove(gone);
                    break;
                case 2:
                    var relabelled = Pick(nodes.Keys);
                    nodes[relabelled] = NodeIn(relabelled, $"zone-{random.Next(3)}");
                    cache.UpdateNode(nodes[relabelled]);
                    break;
                case 3 when pods.Count > 0:
                    var removed = Pick(pods.Keys);
                    cache.RemovePod(pods[removed]);
                    pods.Remove(removed);
                    break;
                case 4 when pods.Count > 0:
                    var terminating = Pick(pods.Keys);
                    pods[terminating] = pods[terminating] with { Metadata = pods[terminating].Metadata! with { DeletionTimestamp = DateTimeOffset.UnixEpoch } };
                    cache.UpdatePod(pods[terminating]);
                    break;
                case 5 when assumed.Count > 0:
                    var forgotten = Pick(assumed.Keys);
                    cache.ForgetPod(assumed[forgotten]);
                    assumed.Remove(forgotten);
                    break;
                case 6:
                    var info = PodInfo.Of(RandomPod($"assumed-{step}"));
                    cache.AssumePod(info, Pick(nodes.Keys));
                    assumed[info.Uid] = info;
                    break;
                default:
                    var pod = RandomPod($"p-{step}").OnNode(Pick(nodes.Keys));
                    pods[pod.Metadata!.Uid!] = pod;
                    cache.AddPod(pod);
                    break;
            }
            cache.UpdateSnapshot(kept);
            if (step % 3 != 0) continue;
            var fresh = new Snapshot();
            cache.UpdateSnapshot(fresh);
            foreach (var (name, probe) in Probes)
                Assert.True(Verdicts(kept, probe) == Verdicts(fresh, probe), $"seed {seed}, step {step}: {name}: kept {Verdicts(kept, probe)}, fresh {Verdicts(fresh, probe)}");
        }

        void AddNode(string name)
        {
            nodes[name] = NodeIn(name, $"zone-{random.Next(3)}");
            cache.AddNode(nodes[name]);
        }

        string Pick(IEnumerable<string> keys)
        {
            var list = keys.Order(StringComparer.Ordinal).ToList();
            return list[random.Next(list.Count)];
        }

        Pod RandomPod(string name)
        {
            var pod = Labelled(name, random.Next(2) == 0 ? "a" : "b", random.Next(2) == 0 ? "n1" : "n2");
            return random.Next(3) switch
            {
                0 => pod.WithSpec(s => s with { Affinity = Anti(random.Next(2) == 0 ? "a" : "b", random.Next(2) == 0 ? Zone : Hostname) }),
                _ => pod,
            };
        }
    }

    /// <summary>Which nodes the probe passes InterPodAffinity and PodTopologySpread on, as one string.</summary>
    private static string Verdicts(Snapshot snapshot, Pod probe)
    {
        var pod = PodInfo.Of(probe);
        var state = new CycleState();
        var affinity = new InterPodAffinityPlugin();
        var spread = new PodTopologySpreadPlugin();
        affinity.PreFilter(state, pod, snapshot);
        spread.PreFilter(state, pod, snapshot);
        return string.Join(" ", snapshot.Nodes.Select(n =>
            $"{n.Name}:{(affinity.Filter(state, pod, n).IsSuccess ? "y" : "n")}{(spread.Filter(state, pod, n).IsSuccess ? "y" : "n")}"));
    }

    private static Node NodeIn(string name, string zone) =>
        Node(name, labels: new Dictionary<string, string> { [Hostname] = name, [Zone] = zone });

    private static Pod Labelled(string name, string app, string ns) =>
        Requesting(name, "10m").InNamespace(ns) with
        {
            Metadata = new ObjectMeta { Name = name, Namespace = ns, Uid = $"uid-{ns}-{name}", Labels = new Dictionary<string, string> { ["app"] = app } },
        };

    private static PodAffinityTerm Term(string app, string key) =>
        new() { TopologyKey = key, LabelSelector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = app } } };

    private static Affinity Anti(string app, string key) =>
        new() { PodAntiAffinity = new PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [Term(app, key)] } };

    private static TopologySpreadConstraint Spread(string app, string key) => new()
    {
        MaxSkew = 1, TopologyKey = key, WhenUnsatisfiable = "DoNotSchedule",
        LabelSelector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = app } },
    };
}
