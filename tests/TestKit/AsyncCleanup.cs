namespace Cluster.TestKit;

/// <summary>Runs an asynchronous clean-up when disposed (declare it before what must be gone first).</summary>
public sealed class AsyncCleanup(Func<Task> cleanup) : IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await cleanup();
}
