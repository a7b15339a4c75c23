namespace Cluster.Controllers.Scheduling.Queue;

/// <summary>
/// The pods being scheduled (popped, Done not yet called) and the cluster events received meanwhile, each event
/// tagged with the scheduling cycle current when it arrived (upstream's inFlightPods / inFlightEvents). An event
/// arrived during a pod's attempt exactly when its tag is at least the pod's cycle. Events older than every in-flight
/// pod are dropped, so the log stays as short as the longest attempt. Not thread-safe; owned by
/// <see cref="SchedulingQueue"/>.
/// </summary>
internal sealed class InFlightLog
{
    private readonly Dictionary<string, InFlightPod> _pods = new(StringComparer.Ordinal);
    private readonly List<(long Cycle, ClusterEvent Event)> _events = [];

    public int Count => _pods.Count;

    public void Start(string uid, long cycle) => _pods[uid] = new InFlightPod(cycle);

    public InFlightPod? Get(string uid) => _pods.GetValueOrDefault(uid);

    public void Record(ClusterEvent happened, long cycle)
    {
        if (_pods.Count > 0) _events.Add((cycle, happened));
    }

    /// <summary>True when an event received since <paramref name="cycle"/> began satisfies <paramref name="relevant"/>.</summary>
    public bool AnySince(long cycle, Func<ClusterEvent, bool> relevant)
    {
        for (var i = _events.Count - 1; i >= 0 && _events[i].Cycle >= cycle; i--)
        {
            if (relevant(_events[i].Event)) return true;
        }
        return false;
    }

    public void Done(string uid)
    {
        if (!_pods.Remove(uid)) return;
        if (_pods.Count == 0)
        {
            _events.Clear();
            return;
        }
        var oldest = _pods.Values.Min(p => p.Cycle);
        var stale = 0;
        while (stale < _events.Count && _events[stale].Cycle < oldest) stale++;
        _events.RemoveRange(0, stale);
    }
}
