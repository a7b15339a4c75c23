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

    /// <summary>A fresh namespace for one test.</summary>
    public async Task<string> NamespaceAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        (await Kubectl.RunAsync("create", "namespace", name)).Ok();
        return name;
    }
}
