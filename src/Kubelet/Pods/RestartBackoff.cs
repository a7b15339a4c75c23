namespace Cluster.Kubelet.Pods;

/// <summary>
/// CrashLoopBackOff per pod and container on the kubelet's <see cref="KeyedBackoff"/>: the first restart waits 10 s,
/// each next one twice as long up to 5 minutes; a container that stayed up for 10 minutes since its last back-off starts
/// again from 10 s. Times are the container's finish times, so a restarted agent that knows them decides the same.
/// </summary>
public sealed class RestartBackoff(TimeProvider time, TimeSpan? initial = null, TimeSpan? max = null)
{
    private readonly KeyedBackoff _backoff = new(time, initial, max);

    /// <summary>
    /// The back-off still to wait before restarting a container that finished at <paramref name="finishedAt"/>, or
    /// null when it may restart now (then the next back-off is recorded from its finish).
    /// </summary>
    public TimeSpan? Wait(string podUid, string container, DateTimeOffset finishedAt)
    {
        var key = Key(podUid, container);
        if (_backoff.IsInBackoffSince(key, finishedAt, out var remaining)) return remaining;
        _backoff.RecordFailure(key, finishedAt);
        return null;
    }

    /// <summary>The current back-off of a container (what "back-off 20s restarting failed container" reports).</summary>
    public TimeSpan Current(string podUid, string container) => _backoff.Current(Key(podUid, container));

    /// <summary>Forgets a pod's containers (the pod is gone).</summary>
    public void Forget(string podUid) => _backoff.Forget(key => key.StartsWith(podUid + "/", StringComparison.Ordinal));

    private static string Key(string podUid, string container) => $"{podUid}/{container}";
}
