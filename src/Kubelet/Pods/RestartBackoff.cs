namespace Cluster.Kubelet.Pods;

/// <summary>
/// CrashLoopBackOff as the kubelet keeps it, per pod and container: the first restart waits 10 s, each next one twice as
/// long up to 5 minutes; a container that stayed up for 10 minutes (twice the cap) since its last back-off starts again
/// from 10 s. Times are the container's finish times, so a restarted agent that knows them decides the same.
/// </summary>
public sealed class RestartBackoff(TimeSpan? initial = null, TimeSpan? max = null)
{
    private readonly TimeSpan _initial = initial ?? TimeSpan.FromSeconds(10);
    private readonly TimeSpan _max = max ?? TimeSpan.FromMinutes(5);
    private readonly Dictionary<(string Pod, string Container), (TimeSpan Backoff, DateTimeOffset Updated)> _entries = new();
    private readonly Lock _lock = new();

    /// <summary>
    /// The back-off still to wait before restarting a container that finished at <paramref name="finishedAt"/>, or
    /// null when it may restart now (then the next back-off is recorded as from its finish).
    /// </summary>
    public TimeSpan? Wait(string podUid, string container, DateTimeOffset finishedAt, DateTimeOffset now)
    {
        var key = (podUid, container);
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry) && now - finishedAt < entry.Backoff && finishedAt - entry.Updated < 2 * _max)
                return entry.Backoff - (now - finishedAt);
            var next = !_entries.TryGetValue(key, out entry) || finishedAt - entry.Updated > 2 * _max ? _initial
                : entry.Backoff * 2 > _max ? _max : entry.Backoff * 2;
            _entries[key] = (next, finishedAt);
            return null;
        }
    }

    /// <summary>The current back-off of a container (what "back-off 20s restarting failed container" reports).</summary>
    public TimeSpan Current(string podUid, string container)
    {
        lock (_lock) return _entries.TryGetValue((podUid, container), out var entry) ? entry.Backoff : TimeSpan.Zero;
    }

    /// <summary>Forgets a pod's containers (the pod is gone).</summary>
    public void Forget(string podUid)
    {
        lock (_lock)
        {
            foreach (var key in _entries.Keys.Where(k => k.Pod == podUid).ToList()) _entries.Remove(key);
        }
    }
}
