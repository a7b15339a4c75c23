namespace Cluster.Store.Embedded;

/// <summary>Settings of the embedded engine. Only the data directory is required.</summary>
public sealed record EmbeddedStoreOptions
{
    /// <summary>Where the log, snapshots and lock file live; created if missing.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>At most this many writes share one log write and fsync.</summary>
    public int MaxBatchCommands { get; init; } = 4096;

    /// <summary>A batch stops growing once its records reach about this many bytes.</summary>
    public int MaxBatchBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// A snapshot is taken once the log since the last one reaches this size or the last snapshot's size,
    /// whichever is larger; restart replays at most that much log.
    /// </summary>
    public long SnapshotThresholdBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>The log moves to a new segment file once the current one reaches this size.</summary>
    public long LogSegmentBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>How long a watch that asked for progress notifications waits without events before getting one (etcd: 10 minutes).</summary>
    public TimeSpan ProgressNotifyInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often expired leases are looked for.</summary>
    public TimeSpan LeaseCheckInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Shorter TTLs are raised to this, as etcd raises them to its minimum.</summary>
    public long MinLeaseTtlSeconds { get; init; } = 2;
}
