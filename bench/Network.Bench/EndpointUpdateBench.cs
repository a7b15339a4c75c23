using System.Collections.Concurrent;
using System.Diagnostics;
using Cluster.Api.Core.V1;
using Cluster.Api.Discovery.V1;
using Cluster.Api.Meta.V1;
using Cluster.Kubelet.Proxy;
using Cluster.Store.Bench;
using Cluster.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Network.Bench;

/// <summary>
/// endpoint_update_to_rule_p99_ms, end to end: an in-process API server (embedded store) holds N Services with explicit
/// cluster IPs and one EndpointSlice of 5 ready endpoints each; the node's <see cref="ServiceProxyController"/> (its
/// informers, reconciler and proxy) programs a scratch netns. Each sample updates one slice, marking one endpoint not
/// ready, and ends when the sync whose iptables-restore deleted that endpoint's chain has returned (the rule is gone from
/// the kernel). Samples are spaced out so that each stands alone. With many services in the table the sync dominates:
/// nf_tables validates the whole graph reachable from the built-in chains on every commit that touches it.
/// </summary>
internal static class EndpointUpdateBench
{
    private const string Ns = "bench";

    public static async Task<List<double>> MeasureAsync(int services, int updates)
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var netns = await ScratchNetns.CreateAsync();
        var client = cluster.Client;
        await client.CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = Ns } });
        var slices = new EndpointSlice[services];
        for (var i = 0; i < services; i++)
        {
            var port = ProxySyncBench.Service(i, "bench");
            await client.CreateAsync(new Service
            {
                Metadata = new ObjectMeta { Name = port.Name.Name, Namespace = Ns },
                Spec = new ServiceSpec { ClusterIP = port.ClusterIp, Ports = [new ServicePort { Name = "http", Port = 80, TargetPort = 8080 }] },
            });
            slices[i] = await client.CreateAsync(new EndpointSlice
            {
                Metadata = new ObjectMeta { Name = port.Name.Name + "-1", Namespace = Ns, Labels = new Dictionary<string, string> { [ProxyServicePorts.ServiceNameLabel] = port.Name.Name } },
                AddressType = "IPv4",
                Ports = [new Api.Discovery.V1.EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }],
                Endpoints = [.. port.Endpoints.Select(e => new Endpoint { Addresses = [e.Ip], NodeName = "bench", Conditions = new EndpointConditions { Ready = true } })],
            });
        }

        var options = new ServiceProxyOptions { NodeName = "bench", ChainPrefix = "PXE", NetworkNamespace = netns.Name };
        var names = new ProxyChainNames(options.ChainPrefix);
        var controller = new ServiceProxyController(client, options, NullLoggerFactory.Instance);
        var deleted = new ConcurrentDictionary<string, TaskCompletionSource<ProxySync>>();
        controller.Proxy.Synced += sync =>
        {
            foreach (var chain in sync.Plan.Deleted)
                if (deleted.TryGetValue(chain.Name, out var waiter)) waiter.TrySetResult(sync);
        };
        using var stop = new CancellationTokenSource();
        var run = controller.RunAsync(stop.Token);
        while (controller.Proxy.Syncs == 0) await Task.Delay(50);

        var samples = new List<double>();
        var (api, syncs) = (new List<double>(), new List<double>());
        for (var u = 0; u < updates; u++)
        {
            var i = Random.Shared.Next(services);
            var slice = slices[i];
            var endpoints = slice.Endpoints!.ToList();
            var victim = endpoints.FindIndex(e => e.Conditions?.Ready == true);
            var chain = names.EndpointChain(new ServicePortName(Ns, $"svc-{i}", "http", "tcp"), $"{endpoints[victim].Addresses![0]}:8080");
            var gone = new TaskCompletionSource<ProxySync>(TaskCreationOptions.RunContinuationsAsynchronously);
            deleted[chain] = gone;
            endpoints[victim] = endpoints[victim] with { Conditions = new EndpointConditions { Ready = false } };
            var clock = Stopwatch.StartNew();
            slices[i] = await client.UpdateAsync(slice with { Endpoints = endpoints });
            api.Add(clock.Elapsed.TotalMilliseconds);
            var sync = await gone.Task.WaitAsync(TimeSpan.FromSeconds(30));
            samples.Add(clock.Elapsed.TotalMilliseconds);
            syncs.Add((sync.Planning + sync.Restoring).TotalMilliseconds);
            deleted.TryRemove(chain, out _);
            await Task.Delay(150);                                           // past the minimum sync interval: samples stand alone
        }

        await stop.CancelAsync();
        await run;
        Console.Error.WriteLine($"  endpoint updates: p50 {Stats.Percentile(samples, 50):N1} ms, p99 {Stats.Percentile(samples, 99):N1} ms over {samples.Count}"
            + $" (of which the API update p50 {Stats.Percentile(api, 50):N1} ms, the sync itself p50 {Stats.Percentile(syncs, 50):N1} ms)");
        return samples;
    }
}
