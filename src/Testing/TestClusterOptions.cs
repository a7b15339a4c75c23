namespace Cluster.Testing;

/// <summary>Settings of a <see cref="TestCluster"/>; the defaults suit a unit-test-speed integration test.</summary>
public sealed record TestClusterOptions
{
    /// <summary>
    /// Where the store and credentials go; null picks a fresh directory on tmpfs (<c>/dev/shm</c>) when there is one,
    /// so durable writes cost no disk flushes, and deletes it on dispose.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>The clock the API server uses (TTLs, compaction); tests of time-driven logic pass a fake one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Events each resource's watch cache keeps. A watch from an older resourceVersion is served from the store's
    /// history, and gets 410 Gone once <see cref="TestCluster.CompactAsync"/> has compacted it away; a small value
    /// makes relists easy to provoke.
    /// </summary>
    public int WatchCacheCapacity { get; init; } = 50_000;

    /// <summary>
    /// Admission plugins the API server leaves out (names of <c>Cluster.ApiServer.Admission.AdmissionPlugins</c>).
    /// <c>ServiceAccount</c> by default, as envtest does: no controller manager runs here to make each namespace's
    /// <c>default</c> ServiceAccount, so pods would be refused. A test that runs the serviceaccount controller (or
    /// makes the accounts itself) sets this to an empty set to get upstream's admission.
    /// </summary>
    public IReadOnlySet<string> DisabledAdmissionPlugins { get; init; } = new HashSet<string> { "ServiceAccount" };

    /// <summary>How long each client request may take.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
