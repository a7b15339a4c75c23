using Cluster.Api.Coordination.V1;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Api.Serialization;

using Cluster.Kubelet.Nodes;

namespace Cluster.Kubelet.Hollow;

/// <summary>The Node and Lease objects a hollow node registers: clearly simulated, otherwise what a kubelet posts.</summary>
public static class HollowNodes
{
    public const string HollowLabel = "node.cluster.io/hollow";
    public const string LeaseNamespace = NodeObjects.LeaseNamespace;

    public static string Name(HollowNodeOptions options, int index) => $"{options.NamePrefix}{index}";

    /// <summary>The node's internal address: 172.16.0.0/12, one per index.</summary>
    public static string Address(int index) => $"172.{16 + (index >> 16)}.{(index >> 8) & 255}.{index & 255}";

    /// <summary>The pod network of the node: 10.a.b.0/24 for index a*256+b.</summary>
    public static string PodCidr(int index) => $"10.{(index >> 8) & 255}.{index & 255}.0/24";

    public const string ZoneLabel = "topology.kubernetes.io/zone";

    public static Node Node(HollowNodeOptions options, int index, DateTimeOffset now)
    {
        var name = Name(options, index);
        var labels = new Dictionary<string, string>(options.Labels)
        {
            [HollowLabel] = "true",
            ["kubernetes.io/hostname"] = name,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["beta.kubernetes.io/os"] = "linux",
            ["beta.kubernetes.io/arch"] = "amd64",
        };
        if (options.Zones > 0) labels[ZoneLabel] = $"zone-{index % options.Zones}";
        var capacity = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new(options.Cpu),
            ["memory"] = new(options.Memory),
            ["pods"] = new(options.Pods.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ["ephemeral-storage"] = new(options.EphemeralStorage),
        };
        return new Node
        {
            Metadata = new ObjectMeta { Name = name, Labels = labels, Annotations = new Dictionary<string, string> { ["node.cluster.io/simulated"] = "no containers run here" } },
            Spec = new NodeSpec { PodCIDR = PodCidr(index), PodCIDRs = [PodCidr(index)], ProviderID = $"hollow://{name}" },
            Status = new NodeStatus
            {
                Capacity = capacity,
                Allocatable = capacity,
                Phase = "Running",
                Addresses = [new NodeAddress { Type = "InternalIP", Address = Address(index) }, new NodeAddress { Type = "Hostname", Address = name }],
                Conditions =
                [
                    Condition("Ready", "True", "KubeletReady", "hollow kubelet is posting ready status", now),
                    Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "hollow kubelet has sufficient memory available", now),
                    Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "hollow kubelet has no disk pressure", now),
                    Condition("PIDPressure", "False", "KubeletHasSufficientPID", "hollow kubelet has sufficient PID available", now),
                ],
                NodeInfo = new NodeSystemInfo
                {
                    Architecture = "amd64",
                    OperatingSystem = "linux",
                    OsImage = "hollow (simulated node)",
                    KernelVersion = "hollow",
                    ContainerRuntimeVersion = "hollow://0",
                    KubeletVersion = "v1.32.0-hollow",
                    KubeProxyVersion = "v1.32.0-hollow",
                    MachineID = name,
                    SystemUUID = name,
                    BootID = name,
                },
                DaemonEndpoints = new NodeDaemonEndpoints { KubeletEndpoint = new DaemonEndpoint { Port = 10250 } },
            },
        };
    }

    /// <summary>The node's Lease, owned by the Node when its uid is known (so it goes with the Node).</summary>
    public static Lease Lease(string node, string? nodeUid, HollowNodeOptions options, DateTimeOffset now) =>
        NodeObjects.Lease(node, nodeUid, options.LeaseDuration, now);

    private static NodeCondition Condition(string type, string status, string reason, string message, DateTimeOffset now) => new()
    {
        Type = type, Status = status, Reason = reason, Message = message, LastHeartbeatTime = now, LastTransitionTime = now,
    };
}
