using Microsoft.Extensions.Hosting;

namespace Cluster.Store.EtcdApi;

/// <summary>
/// A host lifetime that does nothing: the server is started and stopped by its owner (<see cref="EtcdApiServer"/>), not
/// by console signals, so embedding it (in <c>cluster store</c>, or a test) adds no process-wide Ctrl+C handler.
/// </summary>
internal sealed class OwnerControlledLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
