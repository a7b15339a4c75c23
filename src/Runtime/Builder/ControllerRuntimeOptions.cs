namespace Cluster.Runtime.Builder;

/// <summary>Settings of a <see cref="ControllerRuntime"/>.</summary>
public sealed record ControllerRuntimeOptions
{
    /// <summary>On stop, in-flight reconciles get this long to finish before they are cancelled.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When set, controllers run only while this process holds the Lease; informers sync beforehand so a new leader
    /// starts warm. A lost lease cancels in-flight reconciles at once and <c>RunAsync</c> throws
    /// <see cref="Leader.LeadershipLostException"/> (exit and let the process restart, as upstream components do).
    /// </summary>
    public Leader.LeaderElectionOptions? LeaderElection { get; init; }
}
