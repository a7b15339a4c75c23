using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Controllers.Scheduling.Framework;
using static Cluster.Controllers.Tests.Scheduling.SchedulingObjects;

namespace Cluster.Controllers.Tests.Scheduling.Plugins;

/// <summary>
/// For InterPodAffinity and PodTopologySpread tests, on top of <see cref="SchedulingObjects"/>: nodes labelled with
/// hostname and zone, app-labelled pods, (anti-)affinity terms and spread constraints, and runners that take one
/// plugin through PreFilter/Filter or PreScore/Score/Normalize over a whole snapshot.
/// </summary>
internal static class TopologyObjects
{
    public const string Zone = "topology.kubernetes.io/zone";
    public const string Hostname = "kubernetes.io/hostname";

    /// <summary>A node labelled with its hostname, its zone (none when null) and any other labels.</summary>
    public static Node Topology(string name, string? zone = null, Dictionary<string, string>? labels = null, IReadOnlyList<Taint>? taints = null)
    {
        var all = new Dictionary<string, string>(labels ?? []) { [Hostname] = name };
        if (zone is not null) all[Zone] = zone;
        return Node(name, labels: all, taints: taints);
    }

    public static Dictionary<string, string> Labels(string key, string value) => new() { [key] = value };

    public static Dictionary<string, string> App(string app) => Labels("app", app);

    /// <summary>A pod labelled app=<paramref name="app"/>.</summary>
    public static Pod AppPod(string name, string app) => Pod(name).WithLabels(App(app));

    /// <summary><paramref name="count"/> pods labelled app=<paramref name="app"/>, named prefix-0, prefix-1, ...</summary>
    public static Pod[] AppPods(string prefix, int count, string app = "web") =>
        [.. Enumerable.Range(0, count).Select(i => AppPod($"{prefix}-{i}", app))];

    public static Pod WithAffinity(this Pod pod, Affinity affinity) => pod.WithSpec(s => s with { Affinity = affinity });

    public static Pod Spreading(this Pod pod, params TopologySpreadConstraint[] constraints) =>
        pod.WithSpec(s => s with { TopologySpreadConstraints = constraints });

    public static PodAffinityTerm Term(string app, string topologyKey, IReadOnlyList<string>? namespaces = null, LabelSelector? namespaceSelector = null) => new()
    {
        LabelSelector = new LabelSelector { MatchLabels = App(app) },
        TopologyKey = topologyKey,
        Namespaces = namespaces,
        NamespaceSelector = namespaceSelector,
    };

    public static Affinity RequiredAffinity(params PodAffinityTerm[] terms) =>
        new() { PodAffinity = new PodAffinity { RequiredDuringSchedulingIgnoredDuringExecution = terms } };

    public static Affinity RequiredAntiAffinity(params PodAffinityTerm[] terms) =>
        new() { PodAntiAffinity = new PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = terms } };

    /// <summary>One preferred affinity term and/or one preferred anti-affinity term with their weights.</summary>
    public static Affinity Preferred(int affinityWeight, PodAffinityTerm? affinity, int antiWeight = 0, PodAffinityTerm? anti = null) => new()
    {
        PodAffinity = affinity is null ? null : new PodAffinity
        {
            PreferredDuringSchedulingIgnoredDuringExecution = [new WeightedPodAffinityTerm { Weight = affinityWeight, PodAffinityTerm = affinity }],
        },
        PodAntiAffinity = anti is null ? null : new PodAntiAffinity
        {
            PreferredDuringSchedulingIgnoredDuringExecution = [new WeightedPodAffinityTerm { Weight = antiWeight, PodAffinityTerm = anti }],
        },
    };

    public static TopologySpreadConstraint Spread(string app, string topologyKey = Zone, int maxSkew = 1, string when = "DoNotSchedule",
        int? minDomains = null, IReadOnlyList<string>? matchLabelKeys = null, string? nodeAffinityPolicy = null, string? nodeTaintsPolicy = null) => new()
    {
        LabelSelector = new LabelSelector { MatchLabels = App(app) },
        TopologyKey = topologyKey,
        MaxSkew = maxSkew,
        WhenUnsatisfiable = when,
        MinDomains = minDomains,
        MatchLabelKeys = matchLabelKeys,
        NodeAffinityPolicy = nodeAffinityPolicy,
        NodeTaintsPolicy = nodeTaintsPolicy,
    };

    /// <summary>Runs <paramref name="plugin"/>'s PreFilter, then returns each node's Filter verdict.</summary>
    public static Dictionary<string, FilterResult> FilterAll<TPlugin>(TPlugin plugin, Pod pod, Snapshot snapshot)
        where TPlugin : IPreFilterPlugin, IFilterPlugin
    {
        var state = new CycleState();
        var info = PodInfo.Of(pod);
        Assert.True(plugin.PreFilter(state, info, snapshot).IsSuccess);
        return snapshot.Nodes.ToDictionary(n => n.Name, n => plugin.Filter(state, info, n));
    }

    /// <summary>PreScore, Score and Normalize over all the snapshot's nodes, as the algorithm runs them on feasible nodes.</summary>
    public static Dictionary<string, long> ScoreAll(IScorePlugin plugin, Pod pod, Snapshot snapshot)
    {
        var state = new CycleState();
        var info = PodInfo.Of(pod);
        var nodes = snapshot.Nodes;
        plugin.PreScore(state, info, nodes, snapshot);
        var scores = nodes.Select(n => plugin.Score(state, info, n)).ToArray();
        plugin.Normalize(state, info, scores);
        return nodes.Select((n, i) => (n.Name, Score: scores[i])).ToDictionary(s => s.Name, s => s.Score);
    }

    /// <summary>The names of the nodes that fit, sorted.</summary>
    public static string[] Fitting(Dictionary<string, FilterResult> results) =>
        [.. results.Where(r => r.Value.IsSuccess).Select(r => r.Key).Order(StringComparer.Ordinal)];
}
