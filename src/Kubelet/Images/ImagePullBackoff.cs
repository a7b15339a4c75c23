namespace Cluster.Kubelet.Images;

/// <summary>
/// The kubelet's per-image pull backoff (its <c>flowcontrol.Backoff</c> with 10 s initial and 5 min maximum): after a
/// failed pull, further pulls under the same key are refused (ImagePullBackOff) until the delay has passed; each
/// failure doubles the delay up to the maximum; an entry untouched for twice the maximum starts again from the initial
/// delay. A success does not reset the delay, as upstream. Thread-safe.
/// </summary>
public sealed class ImagePullBackoff(TimeProvider time, TimeSpan? initial = null, TimeSpan? max = null)
{
    private readonly Lock _lock = new(); // guards _entries
    private readonly Dictionary<string, (TimeSpan Delay, DateTimeOffset LastUpdate)> _entries = new(StringComparer.Ordinal);

    public TimeSpan Initial { get; } = initial ?? TimeSpan.FromSeconds(10);
    public TimeSpan Max { get; } = max ?? TimeSpan.FromMinutes(5);

    /// <summary>Whether a pull under <paramref name="key"/> must wait; <paramref name="remaining"/> says how long.</summary>
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

    /// <summary>Records a failed pull: the next delay is the initial one, or double the last, at most the maximum.</summary>
    public TimeSpan RecordFailure(string key)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var delay = _entries.TryGetValue(key, out var entry) && !Expired(entry.LastUpdate, now)
                ? TimeSpan.FromTicks(Math.Min(entry.Delay.Ticks * 2, Max.Ticks))
                : Initial;
            _entries[key] = (delay, now);
            return delay;
        }
    }

    /// <summary>Drops entries that have expired (the kubelet calls its GC after each pull).</summary>
    public void Collect()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            foreach (var key in _entries.Where(e => Expired(e.Value.LastUpdate, now)).Select(e => e.Key).ToArray()) _entries.Remove(key);
        }
    }

    public int Count
    {
        get
        {
            lock (_lock) return _entries.Count;
        }
    }

    private bool Expired(DateTimeOffset lastUpdate, DateTimeOffset now) => now - lastUpdate > 2 * Max;
}
