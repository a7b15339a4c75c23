using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Api.Policy.V1;
using Cluster.Controllers.Scheduling.Framework;
using Cluster.Controllers.Scheduling.Preemption;

namespace Cluster.Controllers.Tests.Scheduling.Preemption;

/// <summary>
/// Nodes, pods and budgets for preemption tests, and the step the glue takes: schedule the preemptor on a snapshot
/// (which must fail), then ask the evaluator. Cpu is in whole cores; every pod is in namespace "ns".
/// </summary>
internal static class PreemptionWorld
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Node Node(string name, int cpu = 4, Taint[]? taints = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name } },
        Spec = new NodeSpec { Taints = taints },
        Status = new NodeStatus { Allocatable = new Dictionary<string, Api.Serialization.ResourceQuantity> { ["cpu"] = $"{cpu}", ["memory"] = "16Gi", ["pods"] = "110" } },
    };

    public static Pod Pod(string name, int priority, int cpu = 1, string? node = null, Dictionary<string, string>? labels = null,
        int startMinute = 0, string? nominatedNode = null, string? preemptionPolicy = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "ns", Uid = $"uid-{name}", Labels = labels },
        Spec = new PodSpec
        {
            NodeName = node,
            Priority = priority,
            PreemptionPolicy = preemptionPolicy,
            Containers = [new Container
            {
                Name = "c",
                Image = "busybox",
                Resources = new ResourceRequirements { Requests = new Dictionary<string, Api.Serialization.ResourceQuantity> { ["cpu"] = $"{cpu}" } },
            }],
        },
        Status = new PodStatus { StartTime = node is null ? null : Start.AddMinutes(startMinute), NominatedNodeName = nominatedNode },
    };

    public static PodDisruptionBudget Pdb(string app, int disruptionsAllowed, string ns = "ns", IReadOnlyDictionary<string, DateTimeOffset>? disrupted = null) => new()
    {
        Metadata = new ObjectMeta { Name = $"pdb-{app}", Namespace = ns },
        Spec = new PodDisruptionBudgetSpec { Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = app } } },
        Status = new PodDisruptionBudgetStatus { DisruptionsAllowed = disruptionsAllowed, DisruptedPods = disrupted },
    };

    public static Dictionary<string, string> App(string app) => new() { ["app"] = app };

    /// <summary>A snapshot of the nodes with the pods placed on their spec.nodeName.</summary>
    public static Snapshot Snapshot(IEnumerable<Node> nodes, IEnumerable<Pod> pods)
    {
        var infos = nodes.Select(n =>
        {
            var info = new NodeInfo(n.Metadata!.Name!);
            info.SetNode(n);
            return info;
        }).ToDictionary(n => n.Name);
        foreach (var pod in pods) infos[pod.Spec!.NodeName!].AddPod(PodInfo.Of(pod));
        return Controllers.Scheduling.Framework.Snapshot.Of(infos.Values);
    }

    /// <summary>Schedules <paramref name="preemptor"/> (asserting it fits nowhere), then preempts with a fixed random offset of 0.</summary>
    public static PreemptionResult Preempt(Pod preemptor, Snapshot snapshot, IReadOnlyList<PodDisruptionBudget>? pdbs = null,
        SchedulerProfile? profile = null, Func<string, IReadOnlyList<Pod>>? nominated = null, PreemptionArgs? args = null, int offset = 0)
    {
        var algorithm = new SchedulingAlgorithm(profile ?? SchedulerProfile.Default(), new Random(1));
        var info = PodInfo.Of(preemptor);
        var scheduled = algorithm.Schedule(info, snapshot);
        Assert.Null(scheduled.Node);
        var evaluator = new Evaluator(args, new FixedRandom(offset));
        return evaluator.Preempt(info, scheduled.Error!, snapshot, algorithm, pdbs ?? [], nominated);
    }

    public static string[] Names(IEnumerable<Pod> pods) => [.. pods.Select(p => p.Metadata!.Name!)];
}
