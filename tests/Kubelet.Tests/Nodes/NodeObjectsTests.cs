using Cluster.Kubelet.Nodes;

namespace Cluster.Kubelet.Tests.Nodes;

public sealed class NodeObjectsTests
{
    private static readonly MachineInfo Machine = new()
    {
        Cores = 2, MemoryBytes = 24L * 1024 * 1024 * 1024, EphemeralStorageBytes = 100L * 1024 * 1024 * 1024, KernelVersion = "6.1.0",
        OsImage = "Debian GNU/Linux 12 (bookworm)", MachineId = "m1", BootId = "b1", SystemUuid = "u1", Architecture = "amd64",
    };

    private static readonly KubeletOptions Options = new() { NodeName = "host-a", DataDirectory = "/tmp/x", Labels = new Dictionary<string, string> { ["tier"] = "edge" } };

    [Fact]
    public void Capacity_is_the_machine_and_allocatable_leaves_out_the_hard_eviction_thresholds()
    {
        var status = NodeObjects.Status(Options, Machine, "runc://1.1", "10.0.0.5", []);
        Assert.Equal("2", status.Capacity!["cpu"].ToString());
        Assert.Equal("25165824Ki", status.Capacity["memory"].ToString());
        Assert.Equal("110", status.Capacity["pods"].ToString());
        Assert.Equal("104857600Ki", status.Capacity["ephemeral-storage"].ToString());
        Assert.Equal("25063424Ki", status.Allocatable!["memory"].ToString()); // less 100Mi
        Assert.Equal(((long)(100L * 1024 * 1024 * 1024 * 0.9)).ToString(System.Globalization.CultureInfo.InvariantCulture), status.Allocatable["ephemeral-storage"].ToString());
        Assert.Equal("2", status.Allocatable["cpu"].ToString());
    }

    [Fact]
    public void The_status_names_the_host_its_system_and_the_kubelet_port()
    {
        var status = NodeObjects.Status(Options, Machine, "runc://1.1", "10.0.0.5", []);
        Assert.Equal([("InternalIP", "10.0.0.5"), ("Hostname", "host-a")], status.Addresses!.Select(a => (a.Type!, a.Address!)));
        Assert.Equal(("6.1.0", "Debian GNU/Linux 12 (bookworm)", "runc://1.1", "linux", "amd64", "m1", "b1"),
            (status.NodeInfo!.KernelVersion, status.NodeInfo.OsImage, status.NodeInfo.ContainerRuntimeVersion, status.NodeInfo.OperatingSystem,
                status.NodeInfo.Architecture, status.NodeInfo.MachineID, status.NodeInfo.BootID));
        Assert.Equal(10250, status.DaemonEndpoints!.KubeletEndpoint!.Port);
    }

    [Fact]
    public void The_registration_carries_the_well_known_labels_and_the_extra_ones()
    {
        var node = NodeObjects.Registration(Options, Machine, NodeObjects.Status(Options, Machine, "runc://1.1", "10.0.0.5", []));
        Assert.Equal("host-a", node.Metadata!.Name);
        Assert.Equal("host-a", node.Metadata.Labels!["kubernetes.io/hostname"]);
        Assert.Equal("linux", node.Metadata.Labels["kubernetes.io/os"]);
        Assert.Equal("amd64", node.Metadata.Labels["kubernetes.io/arch"]);
        Assert.Equal("edge", node.Metadata.Labels["tier"]);
    }

    [Fact]
    public void The_lease_is_owned_by_its_node()
    {
        var now = DateTimeOffset.UnixEpoch;
        var lease = NodeObjects.Lease("host-a", "uid-1", TimeSpan.FromSeconds(40), now);
        Assert.Equal(("kube-node-lease", "host-a", "host-a", 40, now), (lease.Metadata!.Namespace, lease.Metadata.Name, lease.Spec!.HolderIdentity, lease.Spec.LeaseDurationSeconds, lease.Spec.RenewTime));
        var owner = Assert.Single(lease.Metadata.OwnerReferences!);
        Assert.Equal(("Node", "host-a", "uid-1"), (owner.Kind, owner.Name, owner.Uid));
    }

    [Theory]
    [InlineData("", 110)]
    [InlineData("n", 0)]
    public void Invalid_options_are_refused(string name, int maxPods) =>
        Assert.Throws<ArgumentException>(() => new KubeletOptions { NodeName = name, DataDirectory = "/tmp/x", MaxPods = maxPods }.Validate());

    [Fact]
    public void A_renew_interval_not_shorter_than_the_lease_is_refused() =>
        Assert.Throws<ArgumentException>(() => (Options with { LeaseRenewInterval = TimeSpan.FromSeconds(40) }).Validate());

    [Fact]
    public void A_configured_pod_cidr_is_claimed_on_a_node_without_one_and_an_assigned_one_is_never_replaced()
    {
        var configured = Options with { PodCidr = "10.46.1.5/24" };

        Assert.Null(NodeObjects.Registration(Options, Machine, new Api.Core.V1.NodeStatus()).Spec?.PodCIDR);
        var claimed = NodeObjects.Registration(configured, Machine, new Api.Core.V1.NodeStatus()).Spec!;
        Assert.Equal("10.46.1.0/24", claimed.PodCIDR);
        Assert.Equal(["10.46.1.0/24"], claimed.PodCIDRs!);
        Assert.Equal("10.244.2.0/24", NodeObjects.WithClaimedPodCidr(new Api.Core.V1.NodeSpec { PodCIDR = "10.244.2.0/24" }, configured)!.PodCIDR);
        Assert.Equal("10.46.1.0/24", NodeObjects.WithClaimedPodCidr(new Api.Core.V1.NodeSpec { Unschedulable = true }, configured)!.PodCIDR);
        Assert.Null(NodeObjects.WithClaimedPodCidr(null, Options));
    }
}
