using Cluster.Api.Core.V1;
using Cluster.Kubelet.Cgroups;
using Cluster.Kubelet.Containers;
using Cluster.Kubelet.Containers.Runc;
using Cluster.Kubelet.Images;
using Cluster.Kubelet.Images.Registry;
using Cluster.Kubelet.Network;
using Cluster.Kubelet.Nodes;
using Cluster.Kubelet.Pods;
using Cluster.Kubelet.Probes;
using Cluster.Kubelet.Proxy;
using Cluster.Kubelet.Server;
using Cluster.Kubelet.Volumes;
using Cluster.Runtime.Builder;
using Cluster.Runtime.Client;
using Cluster.Runtime.Events;
using Cluster.Runtime.Informers;
using Microsoft.Extensions.Logging;

namespace Cluster.Kubelet;

/// <summary>
/// The node agent (`cluster agent`, or inside `cluster server`): registers this host as a Node with its real capacity,
/// keeps it alive (Lease, conditions), runs the pods bound to it as runc containers on its pod CIDR, routes to the
/// other nodes' pod CIDRs (<see cref="HostGwRouter"/>), and (unless disabled) proxies service IPs and NodePorts to their
/// endpoints in iptables.
/// </summary>
public sealed class NodeAgent(ClusterClient client, KubeletOptions options, ILoggerFactory loggers, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Measurements of the host; tests may substitute readings to provoke pressure conditions.</summary>
    public Func<NodeReadings>? Readings { get; init; }

    public async Task RunAsync(CancellationToken ct)
    {
        options.Validate();
        Directory.CreateDirectory(options.DataDirectory);
        var log = loggers.CreateLogger("agent");
        var machine = MachineInfo.Read(options.DataDirectory);
        try
        {
            // The kubelet API first: the Node advertises the port it got.
            var locator = new AgentContainerLocator();
            var stats = new AgentStats(options.NodeName, CgroupLayout.Detect(), _time);
            await using var server = await StartServerAsync(locator, stats, log, ct);
            var advertised = server is null ? options : options with { KubeletPort = server.Port };
            var heartbeat = new NodeHeartbeat(client, advertised, machine, Readings ?? (() => NodeReadings.Read(options.DataDirectory)), () => null,
                await RuncRuntime.VersionAsync("runc", ct), _time, log);
            var node = await heartbeat.RegisterAsync(ct);
            // The node stays alive while it waits for its pod CIDR; anything that ends the run ends the heartbeat too.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var beating = heartbeat.RunAsync(node, stop.Token);
            try
            {
                // The Node's spec.podCIDR (from the node IPAM, when it runs) wins over the configured range.
                var podCidr = await NodePodCidr.ResolveAsync(client, node, options, _time, log, stop.Token);
                using var network = new BridgeNetwork(BridgeNetworkOptions.For(options, podCidr), loggers.CreateLogger<BridgeNetwork>());
                await network.EnsureNodeNetworkAsync(stop.Token);
                using var runtime = await RuncRuntime.OpenAsync(new RuncOptions { StateDirectory = Path.Combine(options.DataDirectory, "runtime") }, network,
                    loggers.CreateLogger("runc"), stop.Token);
                stats.Attach(runtime);
                var proxy = options.ServiceProxy ? new ServiceProxyController(client, ServiceProxyOptions.For(options), loggers, _time).RunAsync(stop.Token) : Task.CompletedTask;
                await Task.WhenAll(beating, RunPodsAsync(runtime, node, machine, locator, log, stop.Token), proxy);
            }
            finally
            {
                await stop.CancelAsync();
                await IgnoreCancellationAsync(beating);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// The kubelet's HTTPS API (logs, exec, attach, port-forward), which trusts only the API server's client certificate
    /// from the cluster CA; without a CA to check against (an insecure connection) it is not started.
    /// </summary>
    private async Task<KubeletServer?> StartServerAsync(AgentContainerLocator locator, AgentStats stats, ILogger log, CancellationToken ct)
    {
        if (client.Connection.CertificateAuthorityPem is not { } ca)
        {
            log.LogWarning("no cluster CA to verify the API server's client certificate: logs, exec and port-forward are unavailable on this node");
            return null;
        }

        return await KubeletServer.StartAsync(KubeletServerSettings.For(options, ca, ShimBinary.Path), locator, loggers, _time, stats, ct);
    }

    private async Task RunPodsAsync(RuncRuntime runtime, Node node, MachineInfo machine, AgentContainerLocator locator, ILogger log, CancellationToken ct)
    {
        using var store = await ImageStore.OpenAsync(Path.Combine(options.DataDirectory, "images"), _time, ct);
        var registriesFile = options.RegistriesFile ?? Path.Combine(options.DataDirectory, "registries.yaml");
        var registries = File.Exists(registriesFile) ? await RegistriesConfig.LoadAsync(registriesFile, ct) : RegistriesConfig.Empty;
        using var images = new ImageManager(store, registries, _time, logger: loggers.CreateLogger("images"));
        await using var controllers = new ControllerRuntime(client, new ControllerRuntimeOptions { ShutdownTimeout = TimeSpan.FromSeconds(5) }, loggers, _time);
        controllers.Informers.For(new InformerOptions<Pod> { FieldSelector = "spec.nodeName=" + options.NodeName });
        controllers.Informers.For<ConfigMap>();
        controllers.Informers.For<Secret>();
        await using var events = new EventRecorder(client, new EventRecorderOptions { Component = "kubelet", Instance = options.NodeName }, _time, log);
        await using var probes = new ProbeManager(runtime, events, _time);
        var paths = new PodPaths(options.DataDirectory);
        var sources = new AgentPodSources(client, controllers.Cache, () => node.Status?.Allocatable ?? new Dictionary<string, Api.Serialization.ResourceQuantity>());
        var hostIp = node.Status?.Addresses?.FirstOrDefault(a => a.Type == "InternalIP")?.Address ?? "127.0.0.1";
        var workers = new PodWorkers(new PodWorkerContext
        {
            Client = client,
            Runtime = runtime,
            Images = images,
            Paths = paths,
            Volumes = new PodVolumes(paths, sources),
            Sources = sources,
            Events = events,
            HostIp = hostIp,
            NodeMemoryBytes = machine.MemoryBytes,
            Dns = options.Dns,
            Time = _time,
        }, controllers.Cache, probes, loggers.CreateLogger("pods"));
        locator.Attach(runtime, controllers.Cache);
        // A ConfigMap or Secret that a pod's volume projects: its files follow the change at once.
        var controller = controllers.For<Pod>().Named("kubelet").WithConcurrency(options.PodWorkers)
            .Watches<ConfigMap>(map => PodVolumeReferences.PodsUsing(controllers.Cache, map.Metadata, configMap: true))
            .Watches<Secret>(secret => PodVolumeReferences.PodsUsing(controllers.Cache, secret.Metadata, configMap: false))
            .Complete(workers);
        HostGwRouter.Register(controllers, options.NodeName, Ipv4Cidr.Parse(options.ClusterCidr), loggers.CreateLogger<HostGwRouter>());
        workers.Enqueue = key => controller.Queue.Add(key);
        probes.Changed = key => controller.Queue.Add(key);
        runtime.ContainerExited += (_, podUid) =>
        {
            if (workers.KeyOf(podUid) is { } key) controller.Queue.Add(key);
        };
        var imageGc = new ImageGcLoop(store, runtime, new ImageGarbageCollector(store, time: _time), options.ImageGcInterval, _time, loggers.CreateLogger("images"));
        await Task.WhenAll(controllers.RunAsync(ct), HousekeepAsync(workers, controllers, key => controller.Queue.Add(key), ct), imageGc.RunAsync(ct));
    }

    private static async Task IgnoreCancellationAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Every few seconds: pods the runtime holds that the API no longer binds here are removed.</summary>
    private async Task HousekeepAsync(PodWorkers workers, ControllerRuntime controllers, Action<Runtime.ObjectKey> enqueue, CancellationToken ct)
    {
        try
        {
            await controllers.Informers.WaitForSyncAsync(ct);
            using var timer = new PeriodicTimer(options.HousekeepingInterval, _time);
            do
            {
                foreach (var key in await workers.HousekeepAsync(ct)) enqueue(key);
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
