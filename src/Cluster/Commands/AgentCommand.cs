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
        var podBridge = PodBridgeOption();
        var kubeletPort = KubeletPortOption();
        var disableProxy = DisableProxyOption();
        var clusterCidr = ClusterCidrOption();
        var labels = new Option<string[]>("--node-label") { Description = "Extra node label key=value (repeatable)", AllowMultipleArgumentsPerToken = true };
        var logFormat = Logging.FormatOption();
        var command = new Command("agent", "Run the node agent: register this host as a Node of the cluster and keep it alive")
        {
            server, token, caFile, insecure, kubeconfig, nodeName, dataDir, nodeIp, podCidr, podBridge, kubeletPort, disableProxy, clusterCidr, labels, logFormat,
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
                    PodCidr = result.GetValue(podCidr)!,
                    BridgeName = result.GetValue(podBridge)!,
                    KubeletPort = result.GetValue(kubeletPort),
                    ServiceProxy = !result.GetValue(disableProxy),
                    ClusterCidr = result.GetValue(clusterCidr)!,
                    Labels = LabelOptions.Parse("--node-label", result.GetValue(labels) ?? []),
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

    public static Option<string> PodCidrOption() => new("--pod-cidr")
    {
        Description = $"IPv4 range for this node's pods when its Node has no spec.podCIDR (default: {Kubelet.Network.BridgeNetworkOptions.DefaultPodCidr})",
        DefaultValueFactory = _ => Kubelet.Network.BridgeNetworkOptions.DefaultPodCidr,
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

    public static Option<string> ClusterCidrOption() => new("--cluster-cidr")
    {
        Description = $"IPv4 range of the cluster's pods; the service proxy masquerades service traffic from outside it (default: {Kubelet.Proxy.ServiceProxyOptions.DefaultClusterCidr})",
        DefaultValueFactory = _ => Kubelet.Proxy.ServiceProxyOptions.DefaultClusterCidr,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Invalid options: {Error}")]
    private static partial void LogInvalid(ILogger logger, string error);
}
