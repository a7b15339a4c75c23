using System.CommandLine;
using Cluster.Kubelet;
using Cluster.Runtime.Client;
using Microsoft.Extensions.Logging;

namespace Cluster.Cli.Commands;

/// <summary>
/// <c>cluster agent --server URL --token T</c>: the node agent of another host joining a cluster (or, with
/// <c>--kubeconfig</c>, any connection a client may use). It registers the host as a Node and keeps it alive.
/// </summary>
internal static partial class AgentCommand
{
    public const string DefaultDataDirectory = "/var/lib/cluster/agent";

    public static Command Create()
    {
        var server = new Option<string?>("--server") { Description = "URL of the API server, e.g. https://10.0.0.1:6443 (default: from the kubeconfig)" };
        var token = new Option<string?>("--token") { Description = "Bearer token to authenticate with (with --server)" };
        var caFile = new Option<FileInfo?>("--ca-file") { Description = "PEM file of the CA that signed the server's certificate (with --server; default: the system's)" };
        var insecure = new Option<bool>("--insecure-skip-tls-verify") { Description = "Do not verify the server's certificate (with --server; for tests only)" };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Kubeconfig to connect with instead of --server/--token (default: $KUBECONFIG, ~/.kube/config)" };
        var nodeName = NodeNameOption();
        var dataDir = new Option<DirectoryInfo>("--data-dir")
        {
            Description = $"Directory for the agent's state (default: {DefaultDataDirectory})",
            DefaultValueFactory = _ => new DirectoryInfo(DefaultDataDirectory),
        };
        var nodeIp = NodeIpOption();
        var podCidr = PodCidrOption();
        var clusterCidr = ClusterCidrOption();
        var podBridge = PodBridgeOption();
        var kubeletPort = KubeletPortOption();
        var clusterDns = DnsCommandOptions.ClusterDnsOption();
        var clusterDomain = DnsCommandOptions.ClusterDomainOption();
        var disableProxy = DisableProxyOption();
        var labels = new Option<string[]>("--node-label") { Description = "Extra node label key=value (repeatable)", AllowMultipleArgumentsPerToken = true };
        var logFormat = Logging.FormatOption();
        var command = new Command("agent", "Run the node agent: register this host as a Node of the cluster and keep it alive")
        {
            server, token, caFile, insecure, kubeconfig, nodeName, dataDir, nodeIp, podCidr, clusterCidr, podBridge, kubeletPort, disableProxy, labels, logFormat, clusterDns, clusterDomain,
        };
        command.SetAction(async (result, ct) =>
        {
            using var loggers = Logging.Create(result.GetValue(logFormat)!);
            var logger = loggers.CreateLogger("agent");
            KubeletOptions options;
            try
            {
                options = new KubeletOptions
                {
                    NodeName = result.GetValue(nodeName)!,
                    DataDirectory = result.GetValue(dataDir)!.FullName,
                    NodeIp = result.GetValue(nodeIp),
                    PodCidr = result.GetValue(podCidr),
                    ClusterCidr = result.GetValue(clusterCidr)!,
                    BridgeName = result.GetValue(podBridge)!,
                    KubeletPort = result.GetValue(kubeletPort),
                    ServiceProxy = !result.GetValue(disableProxy),
                    Labels = LabelOptions.Parse("--node-label", result.GetValue(labels) ?? []),
                    Dns = DnsCommandOptions.PodSettings(result.GetValue(clusterDns)!, result.GetValue(clusterDomain)!),
                };
                options.Validate();
            }
            catch (ArgumentException e)
            {
                LogInvalid(logger, e.Message);
                return 2;
            }

            ClusterConnection? connection;
            if (result.GetValue(server) is { } address)
            {
                if (!Uri.TryCreate(address, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
                {
                    LogInvalid(logger, $"--server {address}: expected an https:// URL");
                    return 2;
                }

                if (result.GetValue(token) is not { Length: > 0 } bearer)
                {
                    LogInvalid(logger, "--server needs --token");
                    return 2;
                }
                if (result.GetValue(caFile) is { Exists: false } missing)
                {
                    LogInvalid(logger, $"--ca-file {missing.FullName}: no such file");
                    return 2;
                }
                connection = new ClusterConnection
                {
                    Server = url, Token = bearer, InsecureSkipTlsVerify = result.GetValue(insecure),
                    CertificateAuthorityPem = result.GetValue(caFile) is { } ca ? await File.ReadAllTextAsync(ca.FullName, ct) : null,
                };
            }
            else if (Connections.Discover(result.GetValue(kubeconfig), logger) is { } discovered)
            {
                connection = discovered;
            }
            else
            {
                return 1;
            }

            using var client = new ClusterClient(connection);
            try
            {
                await new NodeAgent(client, options, loggers).RunAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            return 0;
        });
        return command;
    }

    public static Option<string> NodeNameOption() => new("--node-name")
    {
        Description = "Name of this host's Node (default: the host name, lower-cased)",
        DefaultValueFactory = _ => Environment.MachineName.ToLowerInvariant(),
    };

    public static Option<string?> NodeIpOption() => new("--node-ip")
    {
        Description = "InternalIP the Node reports (default: the first IPv4 address of an up, non-loopback interface)",
    };

    public static Option<string?> PodCidrOption() => new("--pod-cidr")
    {
        Description = "IPv4 range for this node's pods, claimed as its Node's spec.podCIDR when it has none " +
                      $"(default: the podCIDR the node IPAM assigns; {Kubelet.Network.BridgeNetworkOptions.DefaultPodCidr} if none arrives)",
    };

    /// <summary>
    /// The range of every pod in the cluster: the node IPAM allocates node pod CIDRs from it, and agents route to other
    /// nodes' pod CIDRs within it and do not masquerade pod traffic that stays in it.
    /// </summary>
    public static Option<string> ClusterCidrOption() => new("--cluster-cidr")
    {
        Description = $"IPv4 range of all pods in the cluster: node pod CIDRs come from it, pod traffic within it is not masqueraded, and the service proxy masquerades service traffic from outside it (default: {Kubelet.Network.BridgeNetworkOptions.DefaultClusterCidr})",
        DefaultValueFactory = _ => Kubelet.Network.BridgeNetworkOptions.DefaultClusterCidr,
    };

    public static Option<int> KubeletPortOption() => new("--kubelet-port")
    {
        Description = "Port of the node's HTTPS API for logs, exec, attach and port-forward (default: 10250; 0 picks a free one)",
        DefaultValueFactory = _ => 10250,
    };

    public static Option<string> PodBridgeOption() => new("--pod-bridge")
    {
        Description = $"Name of the bridge pods are attached to (default: {Kubelet.Network.BridgeNetworkOptions.DefaultBridgeName})",
        DefaultValueFactory = _ => Kubelet.Network.BridgeNetworkOptions.DefaultBridgeName,
    };

    public static Option<bool> DisableProxyOption() => new("--disable-proxy")
    {
        Description = "Do not run the service proxy (service IPs and NodePorts in iptables) on this node (default: run it)",
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Invalid options: {Error}")]
    private static partial void LogInvalid(ILogger logger, string error);
}
