using Cluster.Api;

namespace Cluster.Runtime.Informers;

/// <summary>What every <see cref="Informer{T}"/> offers regardless of its kind: running it and waiting for its first list.</summary>
public interface IInformer
{
    KindInfo Kind { get; }

    bool HasSynced { get; }

    Task RunAsync(CancellationToken ct);

    Task WaitForSyncAsync(CancellationToken ct);
}
