namespace Cluster.Store.Etcd;

/// <summary>Exponential backoff: <c>min, 2·min, 4·min, …</c> capped at <c>max</c>. Not thread-safe; one per retry loop.</summary>
internal sealed class Backoff(TimeSpan min, TimeSpan max)
{
    private int _attempts;

    public TimeSpan Next()
    {
        var factor = 1L << Math.Min(_attempts++, 30);
        return TimeSpan.FromTicks(Math.Min(max.Ticks, min.Ticks * factor));
    }

    public void Reset() => _attempts = 0;
}
