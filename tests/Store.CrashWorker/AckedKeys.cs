namespace Cluster.Store.CrashWorker;

/// <summary>
/// What this run's writers have had acknowledged and may use again: keys that can be deleted (each handed out once)
/// and leases that keys can be attached to. Safe for concurrent use.
/// </summary>
internal sealed class AckedKeys
{
    private readonly Lock _gate = new(); // guards both lists
    private readonly List<(string Key, string Value)> _deletable = [];
    private readonly List<long> _leases = [];

    public void Add(string key, string value)
    {
        lock (_gate) _deletable.Add((key, value));
    }

    /// <summary>Takes a random acknowledged key out of the pool, so no two writers delete the same key.</summary>
    public bool TryTake(Random random, out (string Key, string Value) entry)
    {
        lock (_gate)
        {
            if (_deletable.Count == 0)
            {
                entry = default;
                return false;
            }
            var i = random.Next(_deletable.Count);
            entry = _deletable[i];
            _deletable[i] = _deletable[^1];
            _deletable.RemoveAt(_deletable.Count - 1);
            return true;
        }
    }

    public void AddLease(long id)
    {
        lock (_gate) _leases.Add(id);
    }

    public long RandomLease(Random random)
    {
        lock (_gate) return _leases.Count == 0 ? 0 : _leases[random.Next(_leases.Count)];
    }
}
