using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Api.Serialization;

namespace Cluster.Scheduler.Bench;

/// <summary>The pods of the scheduler_perf-style workloads.</summary>
internal static class BenchPods
{
    public static Pod Plain(string ns, string name) => New(ns, name, "plain", null, null);

    /// <summary>Required anti-affinity on kubernetes.io/hostname against its own kind: one per node.</summary>
    public static Pod AntiAffine(string ns, string name) => New(ns, name, "anti", new Affinity
    {
        PodAntiAffinity = new PodAntiAffinity
        {
            RequiredDuringSchedulingIgnoredDuringExecution =
            [
                new PodAffinityTerm { TopologyKey = "kubernetes.io/hostname", LabelSelector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "anti" } } },
            ],
        },
    }, null);

    /// <summary>Spread with maxSkew 1 over topology.kubernetes.io/zone, DoNotSchedule.</summary>
    public static Pod Spread(string ns, string name) => New(ns, name, "spread", null,
    [
        new TopologySpreadConstraint
        {
            MaxSkew = 1, TopologyKey = "topology.kubernetes.io/zone", WhenUnsatisfiable = "DoNotSchedule",
            LabelSelector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "spread" } },
        },
    ]);

    private static Pod New(string ns, string name, string app, Affinity? affinity, IReadOnlyList<TopologySpreadConstraint>? spread) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new PodSpec
        {
            Affinity = affinity,
            TopologySpreadConstraints = spread,
            Containers =
            [
                new Container
                {
                    Name = "c", Image = "registry.k8s.io/pause:3.10",
                    Resources = new ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = "10m", ["memory"] = "16Mi" } },
                },
            ],
        },
    };
}
