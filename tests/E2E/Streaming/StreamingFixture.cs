using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Cluster.Kubelet.Server;
using Cluster.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.E2E.Streaming;

/// <summary>
/// A real <c>cluster server</c> (no controllers, no agent), the kubelet's HTTPS API started in this process on a free
/// loopback port and trusting the server's CA, and a Node object that points at it. Pods are registered per test:
/// a real runc container, a Pod bound to the node with a Running status, and the locator entry joining the two.
/// </summary>
public sealed class StreamingFixture : IAsyncLifetime
{
    private readonly List<RuncTestContainer> _containers = [];
    private TempDirectory? _kubeletDir;

    public ClusterServerProcess Server { get; private set; } = null!;
    public Kubectl Kubectl { get; private set; } = null!;
    public KubeletServer Kubelet { get; private set; } = null!;
    public TestContainerLocator Locator { get; } = new();
    public string NodeName { get; } = "stream-node-" + Guid.NewGuid().ToString("N")[..6];
    public string Namespace { get; } = "stream-" + Guid.NewGuid().ToString("N")[..6];

    /// <summary>The built <c>cluster-shim</c> (next to the test's assemblies, or where src/Shim publishes it), or null.</summary>
    public static string? ShimPath =>
        new[] { Path.Combine(AppContext.BaseDirectory, "cluster-shim"), Path.Combine(RepoPaths.Root, "artifacts", "shim", RepoPaths.Configuration, "cluster-shim") }
            .FirstOrDefault(File.Exists);

    public async Task InitializeAsync()
    {
        Server = await ClusterServerProcess.StartAsync(new ClusterServerOptions { ExtraArguments = ["--disable-controllers"] });
        Kubectl = new Kubectl(Server.Kubeconfig);
        _kubeletDir = new TempDirectory("kubelet-server");
        Kubelet = await KubeletServer.StartAsync(new KubeletServerSettings
        {
            Bind = IPAddress.Loopback,
            Port = 0,
            CertificateDirectory = _kubeletDir.Path,
            ClusterCa = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(Server.DataDirectory, "ca.crt")),
            ShimPath = ShimPath ?? "/nonexistent/cluster-shim",
            CertificateNames = [NodeName, "127.0.0.1"],
        }, Locator, NullLoggerFactory.Instance);

        (await Kubectl.RunAsync(["apply", "-f", "-"], new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Node", ["metadata"] = new JsonObject { ["name"] = NodeName },
        }.ToJsonString())).Ok();
        var status = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["addresses"] = new JsonArray(new JsonObject { ["type"] = "InternalIP", ["address"] = "127.0.0.1" }, new JsonObject { ["type"] = "Hostname", ["address"] = NodeName }),
                ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = Kubelet.Port } },
            },
        };
        (await Kubectl.RunAsync("patch", "node", NodeName, "--subresource=status", "--type=merge", "-p", status.ToJsonString())).Ok();
        (await Kubectl.RunAsync("create", "namespace", Namespace)).Ok();
        // No controllers run here to make the account that the ServiceAccount admission requires of pods.
        (await Kubectl.RunAsync("create", "serviceaccount", "default", "-n", Namespace)).Ok();
    }

    /// <summary>Starts a container running <paramref name="script"/> and registers it as pod <paramref name="pod"/> (container "main").</summary>
    public Task<RuncTestContainer> StartPodAsync(string pod, string script, IReadOnlyDictionary<string, string>? files = null) =>
        RegisterPodAsync(pod, RuncTestContainer.Start(script, files));

    /// <summary>Like <see cref="StartPodAsync"/>, with the container started by <c>cluster-shim run --stdin</c>.</summary>
    public async Task<RuncTestContainer> StartShimPodAsync(string pod, string script) =>
        await RegisterPodAsync(pod, await RuncTestContainer.StartWithShimAsync(ShimPath!, script));

    private async Task<RuncTestContainer> RegisterPodAsync(string pod, RuncTestContainer runc)
    {
        lock (_containers) _containers.Add(runc);
        await Eventually.TrueAsync(async () => await runc.PidAsync() > 0 || !runc.Running, TimeSpan.FromSeconds(30), $"container of {pod} running");
        await CreatePodAsync(pod, NodeName);
        var uid = (await Kubectl.RunAsync("get", "pod", pod, "-n", Namespace, "-o", "jsonpath={.metadata.uid}")).Ok().Stdout;
        Locator.Add(Namespace, pod, uid, "main", runc);
        return runc;
    }

    /// <summary>A Pod object with one container "main", bound to <paramref name="node"/> (none: unscheduled), status Running.</summary>
    public async Task CreatePodAsync(string pod, string? node, params string[] extraContainers)
    {
        var containers = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = "busybox" });
        foreach (var c in extraContainers) containers.Add(new JsonObject { ["name"] = c, ["image"] = "busybox" });
        var spec = new JsonObject { ["containers"] = containers };
        if (node is not null) spec["nodeName"] = node;
        (await Kubectl.RunAsync(["apply", "-n", Namespace, "-f", "-"], new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = new JsonObject { ["name"] = pod }, ["spec"] = spec,
        }.ToJsonString())).Ok();
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var status = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["containerStatuses"] = new JsonArray(new JsonObject
                {
                    ["name"] = "main", ["image"] = "busybox", ["imageID"] = "", ["ready"] = true, ["restartCount"] = 0, ["started"] = true,
                    ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } },
                }),
            },
        };
        (await Kubectl.RunAsync("patch", "pod", pod, "-n", Namespace, "--subresource=status", "--type=merge", "-p", status.ToJsonString())).Ok();
    }

    public async Task DisposeAsync()
    {
        foreach (var c in _containers) await c.DisposeAsync();
        if (Kubelet is not null) await Kubelet.DisposeAsync();
        _kubeletDir?.Dispose();
        Kubectl?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
    }
}
