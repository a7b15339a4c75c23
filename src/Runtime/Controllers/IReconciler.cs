namespace Cluster.Runtime.Controllers;

/// <summary>
/// Makes the world match the spec of one object. Level-triggered: it gets only a key and reads the newest state
/// from the cache, so missed or repeated events cannot leave anything wrong. It must be idempotent. Throwing means
/// "retry with backoff"; <see cref="TerminalException"/> means "log it and stop retrying until the object changes".
/// Never called concurrently for one key.
/// </summary>
public interface IReconciler<T>
{
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct);
}
