using System.Net;

namespace Cluster.Kubelet.Network;

/// <summary>
/// Gives pod sandboxes their network: a node-side bridge and NAT rules, and per sandbox a veth pair into the sandbox's
/// named network namespace (<c>/var/run/netns/&lt;name&gt;</c>) with an address from the node's pod CIDR.
/// Everything it touches lives in the network namespace of the calling process. Safe to call concurrently for
/// different sandboxes; calls for one sandbox are expected one at a time (the pod worker's order).
/// </summary>
public interface IPodNetwork
{
    /// <summary>
    /// Creates or repairs the node side, once at agent start: the bridge with the gateway address (first host address of
    /// the pod CIDR), ip_forward=1, MASQUERADE for pod traffic leaving the pod CIDR not via the bridge, the hostPort NAT
    /// chains (refilled from the recorded sandboxes). Idempotent; safe after an agent restart with pods still running.
    /// </summary>
    Task EnsureNodeNetworkAsync(CancellationToken ct);

    /// <summary>
    /// Wires one sandbox: veth pair (host end on the bridge, hairpin on; pod end <c>eth0</c> inside the namespace, MTU as
    /// the bridge), lo up, an address from the pod CIDR, default route via the gateway, hostPort DNAT rules.
    /// Idempotent for one sandbox id: a repeated call repairs the wiring and returns the same address. When it throws,
    /// the address stays held: the caller retries <see cref="SetUpAsync"/> or calls <see cref="TearDownAsync"/>.
    /// </summary>
    Task<PodNetworkStatus> SetUpAsync(PodNetworkRequest request, CancellationToken ct);

    /// <summary>Removes the veth, the hostPort rules and releases the address. Idempotent; works when the namespace is already gone.</summary>
    Task TearDownAsync(string sandboxId, string netnsName, CancellationToken ct);

    /// <summary>The address a sandbox holds, from the on-disk allocations (so it survives an agent restart), or null.</summary>
    IPAddress? AddressOf(string sandboxId);
}
