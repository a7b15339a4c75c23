using Cluster.Kubelet.Containers.Runc;
using Cluster.Kubelet.Network;
using Cluster.Kubelet.Pods;
using Cluster.Kubelet.Proxy;
using Microsoft.Extensions.Logging;

namespace Cluster.Kubelet;

/// <summary>
/// Stops everything a node agent left running (as k3s-killall does): every container killed and removed, every sandbox's
/// namespaces, network and pod cgroup released, memory-backed volumes unmounted. The Node and pod objects in the API
/// are left alone; a new agent on the same data directory starts the pods again.
/// </summary>
public static class NodeReset
{
    /// <summary>Returns how many sandboxes were removed.</summary>
    public static async Task<int> RunAsync(string agentDataDirectory, ILogger logger, CancellationToken ct)
    {
        var state = Path.Combine(agentDataDirectory, "runtime");
        var removed = 0;
        if (Directory.Exists(state))
        {
            using var runtime = await RuncRuntime.OpenAsync(new RuncOptions { StateDirectory = state }, null, logger, ct);
            foreach (var sandbox in await runtime.ListPodSandboxesAsync(ct))
            {
                await runtime.RemovePodSandboxAsync(sandbox.Id, ct);
                removed++;
            }

            // Containers whose sandbox record was lost still hold processes and mounts.
            foreach (var container in await runtime.ListContainersAsync(ct))
                await runtime.RemoveContainerAsync(container.Id, ct);
            await RemoveUnrecordedAsync(state, runtime.RuncStateRoot, logger, ct);
        }

        var paths = new PodPaths(agentDataDirectory);
        if (Directory.Exists(paths.PodsRoot))
            foreach (var pod in Directory.EnumerateDirectories(paths.PodsRoot))
            {
                var volumes = Path.Combine(pod, "volumes");
                if (Directory.Exists(volumes))
                    foreach (var volume in Directory.EnumerateDirectories(volumes)) NativeFs.Unmount(volume);
            }

        // The pod bridges this agent made (one state directory per bridge), their iptables chains and the service proxy's.
        var networks = Path.Combine(agentDataDirectory, "network");
        if (Directory.Exists(networks))
            foreach (var bridge in Directory.EnumerateDirectories(networks).Select(Path.GetFileName).OfType<string>())
            {
                using var network = new BridgeNetwork(new BridgeNetworkOptions
                {
                    BridgeName = bridge, StateDirectory = Path.Combine(networks, bridge), ChainPrefix = BridgeNetworkOptions.ChainPrefixFor(bridge),
                });
                await network.RemoveNodeNetworkAsync(ct);
                await new ProxyIptables(new ProxyChainNames(ServiceProxyOptions.ChainPrefixFor(bridge))).RemoveAllAsync(ct);
            }

        return removed;
    }

    /// <summary>What a crash between writing and deleting records can leave: mounts and runc containers with no record.</summary>
    private static async Task RemoveUnrecordedAsync(string state, string runcRoot, ILogger logger, CancellationToken ct)
    {
        foreach (var dir in Directory.EnumerateDirectories(Path.Combine(state, "containers")))
        {
            try
            {
                await HostCommand.RunAsync("runc", ["--root", runcRoot, "delete", "--force", Path.GetFileName(dir)], null, ct);
            }
            catch (HostCommandException)
            {
            }

            NativeFs.Unmount(Path.Combine(dir, "rootfs"));
        }

        foreach (var dir in Directory.EnumerateDirectories(Path.Combine(state, "sandboxes")))
        {
            NativeFs.Unmount(Path.Combine(dir, "shm"));
            SandboxNamespaces.Remove(new PinnedNamespaces(
                Path.Combine(SandboxNamespaces.NetnsDirectory, SandboxNamespaces.NetnsName(Path.GetFileName(dir))),
                Path.Combine(dir, "ipc"), Path.Combine(dir, "uts")));
        }

        logger.LogDebug("removed unrecorded runtime state under {State}", state);
    }
}
