using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Api.Serialization;
using Cluster.Controllers.Scheduling.Framework;

namespace Cluster.Controllers.Tests.Scheduling;

/// <summary>Pods, containers and nodes for scheduler framework and plugin tests; resources are written as quantities ("500m", "2Gi").</summary>
internal static class SchedulingObjects
{
    public const long Mi = 1024L * 1024;
    public const long Gi = 1024 * Mi;

    public static Dictionary<string, ResourceQuantity> List(params (string Name, string Value)[] items) =>
        items.ToDictionary(i => i.Name, i => new ResourceQuantity(i.Value));

    /// <summary>A container requesting the given cpu and memory (null: not named at all) and any other resources.</summary>
    public static Container Container(string? cpu = null, string? memory = null, string name = "c", string? restartPolicy = null,
        params (string Name, string Value)[] other)
    {
        var requests = List(other);
        if (cpu is not null) requests["cpu"] = cpu;
        if (memory is not null) requests["memory"] = memory;
        return new Container
        {
            Name = name,
            Image = "busybox",
            RestartPolicy = restartPolicy,
            Resources = requests.Count == 0 ? null : new ResourceRequirements { Requests = requests },
        };
    }

    public static Container Sidecar(string? cpu = null, string? memory = null, string name = "sidecar") =>
        Container(cpu, memory, name, restartPolicy: "Always");

    public static Pod Pod(string name, params Container[] containers) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "default", Uid = $"uid-{name}" },
        Spec = new PodSpec { Containers = containers.Length == 0 ? [Container()] : containers },
    };

    public static Pod Requesting(string name, string? cpu = null, string? memory = null, params (string Name, string Value)[] other) =>
        Pod(name, Container(cpu, memory, other: other));

    public static Pod WithSpec(this Pod pod, Func<PodSpec, PodSpec> change) => pod with { Spec = change(pod.Spec!) };

    public static Pod OnNode(this Pod pod, string node) => pod.WithSpec(s => s with { NodeName = node });

    public static Pod WithLabels(this Pod pod, IReadOnlyDictionary<string, string> labels) =>
        pod with { Metadata = pod.Metadata! with { Labels = labels } };

    public static Pod InNamespace(this Pod pod, string ns) =>
        pod with { Metadata = pod.Metadata! with { Namespace = ns, Uid = $"uid-{ns}-{pod.Metadata.Name}" } };

    public static Node Node(string name, string cpu = "4", string memory = "8Gi", int pods = 110, Dictionary<string, string>? labels = null,
        IReadOnlyList<Taint>? taints = null, bool unschedulable = false, params (string Name, string Value)[] other)
    {
        var allocatable = List(other);
        allocatable["cpu"] = cpu;
        allocatable["memory"] = memory;
        allocatable["pods"] = pods.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new Node
        {
            Metadata = new ObjectMeta { Name = name, Labels = labels },
            Spec = new NodeSpec { Taints = taints, Unschedulable = unschedulable ? true : null },
            Status = new NodeStatus { Allocatable = allocatable, Capacity = allocatable },
        };
    }

    public static NodeInfo Info(Node node, params Pod[] pods)
    {
        var info = new NodeInfo(node.Metadata!.Name!);
        info.SetNode(node);
        foreach (var pod in pods) info.AddPod(PodInfo.Of(pod));
        return info;
    }

    public static NodeInfo Info(string name, string cpu = "4", string memory = "8Gi", params Pod[] pods) => Info(Node(name, cpu, memory), pods);

    public static Taint Taint(string key, string? value, string effect) => new() { Key = key, Value = value, Effect = effect };

    public static Toleration Toleration(string? key, string? op, string? value = null, string? effect = null) =>
        new() { Key = key, Operator = op, Value = value, Effect = effect };
}
