using System.Globalization;
using Cluster.Api.Coordination.V1;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Api.Serialization;

namespace Cluster.Kubelet.Nodes;

/// <summary>The Node a real agent registers and the status it posts, as the kubelet shapes them.</summary>
public static class NodeObjects
{
    public const string LeaseNamespace = "kube-node-lease";
    public const string KubeletVersion = "v1.32.0";

    public static Node Registration(KubeletOptions options, MachineInfo machine, NodeStatus status)
    {
        var labels = new Dictionary<string, string>(options.Labels)
        {
            ["kubernetes.io/hostname"] = options.NodeName,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = machine.Architecture,
            ["beta.kubernetes.io/os"] = "linux",
            ["beta.kubernetes.io/arch"] = machine.Architecture,
        };
        return new Node
        {
            Metadata = new ObjectMeta { Name = options.NodeName, Labels = labels },
            Spec = ClaimedPodCidr(options) is { } cidr ? new NodeSpec { PodCIDR = cidr, PodCIDRs = [cidr] } : null,
            Status = status,
        };
    }

    /// <summary>The pod CIDR the agent was configured with (host bits cleared), which it claims on a Node that has none; null otherwise.</summary>
    public static string? ClaimedPodCidr(KubeletOptions options) =>
        options.PodCidr is { } configured ? Network.Ipv4Cidr.Parse(configured).ToString() : null;

    /// <summary>The spec with the configured pod CIDR claimed when it has none (a podCIDR, once set, never changes).</summary>
    public static NodeSpec? WithClaimedPodCidr(NodeSpec? spec, KubeletOptions options) =>
        string.IsNullOrEmpty(spec?.PodCIDR) && ClaimedPodCidr(options) is { } cidr ? (spec ?? new NodeSpec()) with { PodCIDR = cidr, PodCIDRs = [cidr] } : spec;

    /// <summary>
    /// Capacity from the machine; allocatable is capacity less the hard eviction thresholds for memory and disk (no
    /// system or kube reservations are configured), as the kubelet computes it.
    /// </summary>
    public static NodeStatus Status(KubeletOptions options, MachineInfo machine, string runtimeVersion, string nodeIp, IReadOnlyList<NodeCondition> conditions)
    {
        var capacity = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new(machine.Cores.ToString(CultureInfo.InvariantCulture)),
            ["memory"] = new(Ki(machine.MemoryBytes)),
            ["pods"] = new(options.MaxPods.ToString(CultureInfo.InvariantCulture)),
            ["ephemeral-storage"] = new(Ki(machine.EphemeralStorageBytes)),
        };
        var allocatable = new Dictionary<string, ResourceQuantity>(capacity)
        {
            ["memory"] = new(Ki(Math.Max(0, machine.MemoryBytes - options.Eviction.MemoryAvailableBytes))),
            ["ephemeral-storage"] = new(Math.Max(0, (long)(machine.EphemeralStorageBytes * (1 - options.Eviction.DiskAvailableFraction))).ToString(CultureInfo.InvariantCulture)),
        };
        return new NodeStatus
        {
            Capacity = capacity,
            Allocatable = allocatable,
            Conditions = conditions,
            Addresses = [new NodeAddress { Type = "InternalIP", Address = nodeIp }, new NodeAddress { Type = "Hostname", Address = options.NodeName }],
            DaemonEndpoints = new NodeDaemonEndpoints { KubeletEndpoint = new DaemonEndpoint { Port = options.KubeletPort } },
            NodeInfo = new NodeSystemInfo
            {
                MachineID = machine.MachineId,
                SystemUUID = machine.SystemUuid,
                BootID = machine.BootId,
                KernelVersion = machine.KernelVersion,
                OsImage = machine.OsImage,
                ContainerRuntimeVersion = runtimeVersion,
                KubeletVersion = KubeletVersion,
                KubeProxyVersion = KubeletVersion,
                OperatingSystem = "linux",
                Architecture = machine.Architecture,
            },
        };
    }

    /// <summary>The node's Lease, owned by the Node when its uid is known (so it goes with it), as the kubelet creates it.</summary>
    public static Lease Lease(string node, string? nodeUid, TimeSpan duration, DateTimeOffset now) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = node,
            Namespace = LeaseNamespace,
            OwnerReferences = nodeUid is null ? null : [new OwnerReference { ApiVersion = "v1", Kind = "Node", Name = node, Uid = nodeUid }],
        },
        Spec = new LeaseSpec { HolderIdentity = node, LeaseDurationSeconds = (int)duration.TotalSeconds, RenewTime = now },
    };

    private static string Ki(long bytes) => (bytes / 1024).ToString(CultureInfo.InvariantCulture) + "Ki";
}
