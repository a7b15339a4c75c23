namespace Cluster.Store.Etcd;

/// <summary>When a call that failed on one endpoint may be repeated on the next.</summary>
internal enum RetryPolicy
{
    /// <summary>Reads and other calls that change nothing: repeat on any unavailability.</summary>
    Idempotent,

    /// <summary>Writes: repeat only if the request cannot have reached the server (no connection was made).</summary>
    OnlyIfNotSent,
}
