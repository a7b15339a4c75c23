using Cluster.TestKit;

namespace Cluster.E2E;

/// <summary>One real <c>cluster server</c> for a test class, and the real kubectl pointed at it.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public ClusterServerProcess Server { get; private set; } = null!;
    public Kubectl Kubectl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ClusterServerProcess.StartAsync();
        Kubectl = new Kubectl(Server.Kubeconfig);
    }

    public async Task DisposeAsync()
    {
        Kubectl.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>
    /// A fresh namespace for one test, once the serviceaccount controller has made its <c>default</c> account (pods
    /// are refused without it).
    /// </summary>
    public async Task<string> NamespaceAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        (await Kubectl.RunAsync("create", "namespace", name)).Ok();
        await Eventually.TrueAsync(async () => (await Kubectl.RunAsync("get", "serviceaccount", "default", "-n", name)).ExitCode == 0,
            TimeSpan.FromSeconds(60), $"the default service account of {name}");
        return name;
    }
}
