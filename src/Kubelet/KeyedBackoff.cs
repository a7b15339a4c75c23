namespace Cluster.Kubelet;

/// <summary>
/// The kubelet's per-key back-off (its <c>flowcontrol.Backoff</c>: 10 s initial, 5 min maximum), shared by image pulls
/// (ImagePullBackOff) and container restarts (CrashLoopBackOff): each failure doubles the delay up to the maximum; an
/// entry untouched for twice the maximum starts again from the initial delay. A success does not reset it, as upstream.
/// Thread-safe.
/// </summary>
public sealed class KeyedBackoff(TimeProvider time, TimeSpan? initial = null, TimeSpan? max = null)
{
    private readonly Lock _lock = new(); // guards _entries
    private readonly Dictionary<string, (TimeSpan Delay, DateTimeOffset LastUpdate)> _entries = new(StringComparer.Ordinal);

    public TimeSpan Initial { get; } = initial ?? TimeSpan.FromSeconds(10);
    public TimeSpan Max { get; } = max ?? TimeSpan.FromMinutes(5);

    /// <summary>Whether <paramref name="key"/> must still wait after its last recorded failure; <paramref name="remaining"/> says how long.</summary>
    public bool IsInBackoff(string key, out TimeSpan remaining)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            remaining = TimeSpan.Zero;
            if (!_entries.TryGetValue(key, out var entry) || Expired(entry.LastUpdate, now)) return false;
            remaining = entry.LastUpdate + entry.Delay - now;
            return remaining > TimeSpan.Zero;
        }
    }

    /// <summary>
    /// Whether <paramref name="key"/> must still wait counting from <paramref name="eventTime"/> (a container's finish
    /// time): the current delay has not passed since it, and the entry had not expired by then.
    /// </summary>
    public bool IsInBackoffSince(string key, DateTimeOffset eventTime, out TimeSpan remaining)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            remaining = TimeSpan.Zero;
            if (!_entries.TryGetValue(key, out var entry) || Expired(entry.LastUpdate, eventTime)) return false;
            remaining = eventTime + entry.Delay - now;
            return remaining > TimeSpan.Zero;
        }
    }

    /// <summary>Records a failure now: the next delay is the initial one, or double the last, at most the maximum.</summary>
    public TimeSpan RecordFailure(string key) => RecordFailure(key, time.GetUtcNow());

    /// <summary>Records a failure at <paramref name="at"/> (a container's finish time).</summary>
    public TimeSpan RecordFailure(string key, DateTimeOffset at)
    {
        lock (_lock)
        {
            var delay = _entries.TryGetValue(key, out var entry) && !Expired(entry.LastUpdate, at)
                ? TimeSpan.FromTicks(Math.Min(entry.Delay.Ticks * 2, Max.Ticks))
                : Initial;
            _entries[key] = (delay, at);
            return delay;
        }
    }

    /// <summary>The current delay of <paramref name="key"/> (zero when it has none).</summary>
    public TimeSpan Current(string key)
    {
        lock (_lock) return _entries.TryGetValue(key, out var entry) ? entry.Delay : TimeSpan.Zero;
    }

    /// <summary>Drops the entries whose keys <paramref name="which"/> picks (a pod that is gone).</summary>
    public void Forget(Func<string, bool> which)
    {
        lock (_lock)
        {
            foreach (var key in _entries.Keys.Where(which).ToArray()) _entries.Remove(key);
        }
    }

    /// <summary>Drops entries that have expired (the kubelet calls its GC after each pull).</summary>
    public void Collect()
    {
        var now = time.GetUtcNow();
        Forget(key => Expired(_entries[key].LastUpdate, now));
    }

    public int Count
    {
        get
        {
            lock (_lock) return _entries.Count;
        }
    }

    private bool Expired(DateTimeOffset lastUpdate, DateTimeOffset at) => at - lastUpdate > 2 * Max;
}
