using Cluster.Kubelet;

namespace Cluster.Network.Bench;

/// <summary>A network namespace of the benchmark's own (pxb-&lt;8 hex&gt;), deleted with every rule in it on dispose.</summary>
internal sealed class ScratchNetns : IAsyncDisposable
{
    private ScratchNetns(string name) => Name = name;

    public string Name { get; }

    public static async Task<ScratchNetns> CreateAsync()
    {
        var name = "pxb-" + Guid.NewGuid().ToString("N")[..8];
        await HostCommand.RunAsync("ip", ["netns", "add", name], null, CancellationToken.None);
        return new ScratchNetns(name);
    }

    public async ValueTask DisposeAsync() => await HostCommand.RunForResultAsync("ip", ["netns", "del", Name], null, CancellationToken.None);
}
