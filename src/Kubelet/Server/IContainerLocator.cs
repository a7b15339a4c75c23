namespace Cluster.Kubelet.Server;

/// <summary>
/// How the kubelet's streaming API finds what a request names (the pod manager implements it). Implementations are
/// called concurrently from request threads.
/// </summary>
public interface IContainerLocator
{
    /// <summary>
    /// The container <paramref name="container"/> of pod <paramref name="ns"/>/<paramref name="pod"/>: the current instance, or with
    /// <paramref name="previous"/> the one before it. Throws <see cref="StreamingException"/> (404 for an unknown pod or
    /// container, 400 when there is no previous instance) with upstream's messages. Whether the container must be running
    /// is the caller's check (exec and attach need it, logs do not).
    /// </summary>
    ValueTask<ContainerTarget> FindContainerAsync(string ns, string pod, string container, bool previous, CancellationToken ct);

    /// <summary>The pod's sandbox, for port-forwarding; throws <see cref="StreamingException"/> (404) for an unknown pod.</summary>
    ValueTask<PodTarget> FindPodAsync(string ns, string pod, CancellationToken ct);

    /// <summary>Whether that container instance still runs (a followed log ends once it does not and its file is read through).</summary>
    bool IsRunning(ContainerTarget target);
}
