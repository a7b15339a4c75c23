using System.CommandLine;
using System.Net;
using Cluster.ApiServer;
using Cluster.ApiServer.Admission;
using Cluster.ApiServer.Auth;
using Cluster.ApiServer.ServiceNetworking;
using Cluster.Controllers;
using Cluster.Controllers.Dns;
using Cluster.Controllers.Scheduling;
using Cluster.Kubelet;
using Cluster.Runtime.Client;
using Cluster.Runtime.Leader;
using Cluster.Store;
using Cluster.Store.Embedded;
using Cluster.Store.Etcd;
using Microsoft.Extensions.Logging;

namespace Cluster.Cli.Commands;

/// <summary>
/// <c>cluster server</c>: the API server, in the foreground until interrupted, on the embedded store in the data
/// directory (default) or on real etcd. Writes an admin kubeconfig into the data directory and prints its path.
/// </summary>
internal static partial class ServerCommand
{
    public static Command Create()
    {
        var dataDir = new Option<DirectoryInfo>("--data-dir")
        {
            Description = "Directory for the store, certificates, tokens and the admin kubeconfig (default: /var/lib/cluster)",
            DefaultValueFactory = _ => new DirectoryInfo("/var/lib/cluster"),
        };
        var etcd = new Option<string?>("--etcd-servers")
        {
            Description = "Comma-separated etcd client URLs (http:// or https://); when set, objects live in etcd instead of the embedded store (default: none)",
        };
        var bind = new Option<IPAddress>("--bind")
        {
            Description = "Address to serve HTTPS on; pods reach the API server (the kubernetes service) only through a non-loopback one (default: 0.0.0.0)",
            DefaultValueFactory = _ => IPAddress.Any,
            CustomParser = r => IPAddress.TryParse(r.Tokens.Count == 1 ? r.Tokens[0].Value : "", out var ip) ? ip : Fail(r, "--bind must be an IP address"),
        };
        var port = new Option<int>("--port")
        {
            Description = "Port to serve HTTPS on; 0 picks a free one (default: 6443)",
            DefaultValueFactory = _ => 6443,
        };
        var serviceRange = new Option<string>("--service-cluster-ip-range")
        {
            Description = $"IPv4 CIDR that Services' cluster IPs come from; its first address is the kubernetes service's (default: {ServiceIpRange.Default})",
            DefaultValueFactory = _ => ServiceIpRange.Default,
            Validators = { r => Check(r, v => ServiceIpRange.Parse(v)) },
        };
        var nodePortRange = new Option<string>("--service-node-port-range")
        {
            Description = $"Ports NodePort services get, first-last (default: {NodePortRange.Default})",
            DefaultValueFactory = _ => NodePortRange.Default,
            Validators = { r => Check(r, v => NodePortRange.Parse(v)) },
        };
        var advertise = new Option<IPAddress?>("--advertise-address")
        {
            Description = "Address the kubernetes service's endpoints name (default: the --bind address, or the host's first IPv4 address when bound to 0.0.0.0)",
            CustomParser = r => IPAddress.TryParse(r.Tokens.Count == 1 ? r.Tokens[0].Value : "", out var ip) ? ip : Fail(r, "--advertise-address must be an IP address"),
        };
        var logFormat = Logging.FormatOption();
        var disableAdmission = new Option<string[]>("--disable-admission-plugins")
        {
            Description = $"Comma-separated admission plugins not to run ({string.Join(", ", AdmissionPlugins.Known.Order(StringComparer.Ordinal))}) (default: none)",
            CustomParser = r => ParsePlugins(r),
        };
        var disableControllers = new Option<bool>("--disable-controllers")
        {
            Description = "Do not run the built-in controllers in this process (run `cluster controller-manager` elsewhere)",
        };
        var controllers = ControllerManagerCommand.ControllersOption();
        var grace = ControllerManagerCommand.NodeMonitorGracePeriodOption();
        var disableScheduler = new Option<bool>("--disable-scheduler")
        {
            Description = "Do not run the scheduler in this process (run `cluster scheduler` elsewhere)",
        };
        var fairness = SchedulerCommand.FairnessOption();
        var disableAgent = new Option<bool>("--disable-agent")
        {
            Description = "Do not run the node agent in this process (this host is then not a node of the cluster)",
        };
        var nodeName = AgentCommand.NodeNameOption();
        var nodeIp = AgentCommand.NodeIpOption();
        var podCidr = AgentCommand.PodCidrOption();
        var clusterCidr = AgentCommand.ClusterCidrOption();
        var maskSize = ControllerManagerCommand.NodeCidrMaskSizeOption();
        var podBridge = AgentCommand.PodBridgeOption();
        var kubeletPort = AgentCommand.KubeletPortOption();
        var disableDns = DnsCommandOptions.DisableDnsOption();
        var dnsPort = DnsCommandOptions.DnsPortOption();
        var clusterDns = DnsCommandOptions.ClusterDnsOption();
        var clusterDomain = DnsCommandOptions.ClusterDomainOption();
        var disableProxy = AgentCommand.DisableProxyOption();
        var command = new Command("server", "Run the Kubernetes API server, the built-in controllers, the scheduler and the node agent (a single-node cluster)")
        {
            dataDir, etcd, bind, port, serviceRange, nodePortRange, advertise, logFormat, disableAdmission, disableControllers, controllers, grace, disableScheduler, fairness, disableAgent, nodeName, nodeIp, podCidr, clusterCidr, maskSize, podBridge, kubeletPort,
            disableDns, dnsPort, clusterDns, clusterDomain, disableProxy,
        };
        command.SetAction((result, ct) =>
        {
            var manager = result.GetValue(disableControllers) ? null
                : ControllerManagerCommand.Options(result.GetValue(controllers)!, result.GetValue(grace), result.GetValue(clusterCidr)!, result.GetValue(maskSize));
            if (manager is not null && ControllerManagerCommand.Invalid(manager) is { } invalid)
            {
                Console.Error.WriteLine($"Invalid options: {invalid}");
                return Task.FromResult(2);
            }
            var scheduler = result.GetValue(disableScheduler) ? null : SchedulerCommand.Options(result.GetValue(fairness), 0);
            var agent = result.GetValue(disableAgent) ? null : new KubeletOptions
            {
                NodeName = result.GetValue(nodeName)!,
                DataDirectory = Path.Combine(result.GetValue(dataDir)!.FullName, "agent"),
                NodeIp = result.GetValue(nodeIp),
                PodCidr = result.GetValue(podCidr),
                ClusterCidr = result.GetValue(clusterCidr)!,
                BridgeName = result.GetValue(podBridge)!,
                KubeletPort = result.GetValue(kubeletPort),
                Dns = DnsCommandOptions.PodSettings(result.GetValue(clusterDns)!, result.GetValue(clusterDomain)!),
                ServiceProxy = !result.GetValue(disableProxy),
            };
            ClusterDnsOptions? dns;
            try
            {
                agent?.Validate();
                dns = result.GetValue(disableDns) ? null : DnsCommandOptions.Server(
                    result.GetValue(nodeIp), result.GetValue(nodeName)!, result.GetValue(dnsPort), result.GetValue(clusterDns)!, result.GetValue(clusterDomain)!);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"Invalid options: {e.Message}");
                return Task.FromResult(2);
            }

            var server = new ApiServerOptions
            {
                DataDirectory = result.GetValue(dataDir)!.FullName,
                Bind = result.GetValue(bind)!,
                Port = result.GetValue(port),
                DisabledAdmissionPlugins = (result.GetValue(disableAdmission) ?? []).ToHashSet(StringComparer.Ordinal),
                ServiceClusterIpRange = result.GetValue(serviceRange)!,
                ServiceNodePortRange = result.GetValue(nodePortRange)!,
                AdvertiseAddress = result.GetValue(advertise),
            };
            return RunAsync(server, result.GetValue(etcd), result.GetValue(logFormat)!, manager, scheduler, agent, dns, ct);
        });
        return command;
    }

    private static string[] ParsePlugins(System.CommandLine.Parsing.ArgumentResult result)
    {
        var names = result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
        foreach (var name in names.Where(n => !AdmissionPlugins.Known.Contains(n)))
            result.AddError($"--disable-admission-plugins: unknown plugin '{name}'");
        return names;
    }

    /// <summary>Reports the FormatException <paramref name="parse"/> throws for the option's value as a usage error.</summary>
    private static void Check(System.CommandLine.Parsing.OptionResult result, Action<string> parse)
    {
        try
        {
            parse(result.GetValueOrDefault<string>() ?? "");
        }
        catch (FormatException e)
        {
            result.AddError($"{result.IdentifierToken?.Value}: {e.Message}");
        }
    }

    private static IPAddress Fail(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return IPAddress.None;
    }

    private static async Task<int> RunAsync(ApiServerOptions options, string? etcdServers, string logFormat, ControllerManagerOptions? controllers, SchedulerOptions? scheduler, KubeletOptions? agent, ClusterDnsOptions? dns, CancellationToken ct)
    {
        using var loggers = Logging.Create(logFormat);
        var logger = loggers.CreateLogger("server");
        var dataDir = Directory.CreateDirectory(options.DataDirectory);
        await using var store = await OpenStoreAsync(dataDir, etcdServers, loggers, ct);
        ApiServerHost server;
        try
        {
            server = await ApiServerHost.StartAsync(options, store, loggers, ct: ct);
        }
        catch (IOException e)
        {
            LogCannotListen(logger, $"{options.Bind}:{options.Port}", e.Message);
            return 1;
        }
        await using (server)
        {
            var kubeconfig = AdminKubeconfig.Write(server.Credentials, server.Url.ToString().TrimEnd('/'), Path.Combine(dataDir.FullName, "admin.kubeconfig"));
            LogReady(logger, server.Url.ToString(), etcdServers is null ? "the embedded store" : etcdServers, kubeconfig);
            Console.Out.WriteLine($"export KUBECONFIG={kubeconfig}");
            // Several servers may share an etcd: then the controllers and schedulers elect a leader among them.
            if (controllers is not null && etcdServers is not null)
                controllers = controllers with { LeaderElection = new LeaderElectionOptions { LeaseName = ControllerManager.LeaseName } };
            if (scheduler is not null && etcdServers is not null)
                scheduler = scheduler with { LeaderElection = new LeaderElectionOptions { LeaseName = Scheduler.LeaseName } };
            var running = Task.WhenAll(
                controllers is null ? Task.CompletedTask : KeepRunningAsync("controllers", kubeconfig, (client, token) => ControllerManager.RunAsync(client, controllers, loggers, ct: token), logger, ct),
                scheduler is null ? Task.CompletedTask : KeepRunningAsync("scheduler", kubeconfig, (client, token) => Scheduler.RunAsync(client, scheduler, loggers, ct: token), logger, ct),
                agent is null ? Task.CompletedTask : KeepRunningAsync("agent", kubeconfig, (client, token) => new NodeAgent(client, agent, loggers).RunAsync(token), logger, ct),
                dns is null ? Task.CompletedTask : KeepRunningAsync("cluster DNS", kubeconfig, (client, token) => ClusterDns.RunAsync(client, dns, loggers, token), logger, ct));
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
            }
            LogStopping(logger);
            await running;
        }
        return 0;
    }

    /// <summary>A component (controllers, scheduler) as a client of this server like any other; a failure or lost lease starts it again.</summary>
    private static async Task KeepRunningAsync(string component, string kubeconfig, Func<ClusterClient, CancellationToken, Task> run, ILogger logger, CancellationToken ct)
    {
        using var client = new ClusterClient(ClusterConnection.Discover(kubeconfig));
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await run(client, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                LogComponentFailed(logger, component, e);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), ct);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
    }

    private static async Task<IKeyValueStore> OpenStoreAsync(DirectoryInfo dataDir, string? etcdServers, ILoggerFactory loggers, CancellationToken ct)
    {
        if (etcdServers is null)
            return await EmbeddedStore.OpenAsync(new EmbeddedStoreOptions { DataDirectory = Path.Combine(dataDir.FullName, "store") }, loggers.CreateLogger("store"), ct: ct);
        var endpoints = etcdServers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => new Uri(u)).ToList();
        return EtcdStore.Connect(new EtcdStoreOptions { Endpoints = endpoints }, loggers.CreateLogger("etcd"));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving the Kubernetes API on {Url} from {Store}; admin kubeconfig: {Kubeconfig}; Ctrl+C to stop")]
    private static partial void LogReady(ILogger logger, string url, string store, string kubeconfig);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot listen on {Endpoint}: {Error}")]
    private static partial void LogCannotListen(ILogger logger, string endpoint, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Component} stopped; starting again")]
    private static partial void LogComponentFailed(ILogger logger, string component, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping")]
    private static partial void LogStopping(ILogger logger);
}
