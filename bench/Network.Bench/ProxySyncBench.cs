using System.Diagnostics;
using Cluster.Kubelet.Proxy;

namespace Cluster.Network.Bench;

/// <summary>
/// proxy_sync_10k_services_s: a fresh proxy handed N services of 5 ready endpoints each (one TCP port, a NodePort on
/// every tenth), timed from the first Update until its first (full) sync is in the kernel of a scratch netns; then the
/// same for a second proxy on the same namespace (a restart: every chain rewritten while the old rules serve).
/// </summary>
internal static class ProxySyncBench
{
    public static ProxyServicePort Service(int i, string node) => new()
    {
        Name = new ServicePortName("bench", $"svc-{i}", "http", "tcp"),
        ClusterIp = $"10.110.{i / 250 % 256}.{i % 250 + 1}", // inside 10.96.0.0/12, clear of the kubernetes and kube-dns addresses
        Port = 80,
        NodePort = i % 10 == 0 ? 30000 + i / 10 % 2768 : null,
        Endpoints = [.. Enumerable.Range(0, 5).Select(e => new ProxyEndpoint($"10.{100 + e}.{i / 250 % 256}.{i % 250 + 1}", 8080, node, true, true, false))],
    };

    /// <summary>The seconds to program <paramref name="services"/> from scratch, then again by a restarted proxy (rules in place).</summary>
    public static async Task<(double Scratch, double Restart)> MeasureAsync(int services)
    {
        await using var netns = await ScratchNetns.CreateAsync();
        var scratch = await FirstSyncAsync(netns.Name, services);
        var restart = await FirstSyncAsync(netns.Name, services);
        return (scratch, restart);
    }

    private static async Task<double> FirstSyncAsync(string netns, int services)
    {
        var proxy = new ServiceProxy(new ServiceProxyOptions { NodeName = "bench", ChainPrefix = "PXB", NetworkNamespace = netns });
        var synced = new TaskCompletionSource<ProxySync>(TaskCreationOptions.RunContinuationsAsynchronously);
        proxy.Synced += sync => synced.TrySetResult(sync);
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < services; i++) proxy.Update("bench", $"svc-{i}", [Service(i, "bench")]);
        var model = clock.Elapsed;
        var run = proxy.RunAsync(stop.Token);
        var sync = await synced.Task.WaitAsync(TimeSpan.FromMinutes(10));
        var seconds = clock.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"  model {model.TotalSeconds:N2} s, plan {sync.Planning.TotalSeconds:N2} s, {sync.Plan.Payloads.Count} iptables-restore runs {sync.Restoring.TotalSeconds:N2} s");
        await stop.CancelAsync();
        await run;
        return seconds;
    }
}
