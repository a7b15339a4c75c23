using Cluster.Store.Embedded.Mvcc;

namespace Cluster.Store.Embedded.Leases;

/// <summary>
/// The granted leases. The write loop grants, revokes and attaches keys; keep-alives and queries come from any
/// thread. One lock guards the table and every lease in it.
/// </summary>
internal sealed class LeaseTable(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Lease> _leases = [];

    public bool Exists(long id)
    {
        lock (_gate) return _leases.ContainsKey(id);
    }

    /// <summary>A fresh positive id no lease has.</summary>
    public long NewId()
    {
        lock (_gate)
        {
            while (true)
            {
                var id = Random.Shared.NextInt64(1, long.MaxValue);
                if (!_leases.ContainsKey(id)) return id;
            }
        }
    }

    public void Grant(long id, long ttlSeconds)
    {
        lock (_gate) _leases[id] = new Lease(id, ttlSeconds, DeadlineFor(ttlSeconds));
    }

    /// <summary>Removes the lease and returns it with its keys still attached, or null if there is none.</summary>
    public Lease? Remove(long id)
    {
        lock (_gate) return _leases.Remove(id, out var lease) ? lease : null;
    }

    /// <summary>Puts back a lease removed by <see cref="Remove"/> (used to undo a failed write).</summary>
    public void Restore(Lease lease)
    {
        lock (_gate) _leases[lease.Id] = lease;
    }

    public void Attach(long id, KeyHistory key)
    {
        if (id == 0) return;
        lock (_gate)
        {
            if (_leases.TryGetValue(id, out var lease)) lease.Keys.Add(key);
        }
    }

    public void Detach(long id, KeyHistory key)
    {
        if (id == 0) return;
        lock (_gate)
        {
            if (_leases.TryGetValue(id, out var lease)) lease.Keys.Remove(key);
        }
    }

    /// <summary>The keys attached to a lease, in no order; empty if there is no such lease.</summary>
    public List<KeyHistory> KeysOf(long id)
    {
        lock (_gate) return _leases.TryGetValue(id, out var lease) ? [.. lease.Keys] : [];
    }

    /// <summary>Renews the lease to its full TTL and returns the TTL.</summary>
    public long KeepAlive(long id)
    {
        lock (_gate)
        {
            if (!_leases.TryGetValue(id, out var lease) || IsExpired(lease)) throw new LeaseNotFoundException(id);
            lease.Deadline = DeadlineFor(lease.TtlSeconds);
            return lease.TtlSeconds;
        }
    }

    public LeaseInfo? Describe(long id, bool withKeys)
    {
        lock (_gate)
        {
            if (!_leases.TryGetValue(id, out var lease)) return null;
            var remaining = time.GetTimestamp() >= lease.Deadline
                ? 0
                : (long)Math.Ceiling(time.GetElapsedTime(time.GetTimestamp(), lease.Deadline).TotalSeconds);
            IReadOnlyList<ReadOnlyMemory<byte>> keys = withKeys ? [.. lease.Keys.Select(k => (ReadOnlyMemory<byte>)k.Key)] : [];
            return new LeaseInfo(id, lease.TtlSeconds, remaining, keys);
        }
    }

    /// <summary>The ids of leases past their deadline.</summary>
    public List<long> Expired()
    {
        lock (_gate) return [.. _leases.Values.Where(IsExpired).Select(l => l.Id)];
    }

    public bool IsExpired(long id)
    {
        lock (_gate) return _leases.TryGetValue(id, out var lease) && IsExpired(lease);
    }

    /// <summary>Every lease's id and TTL, for a snapshot.</summary>
    public List<(long Id, long Ttl)> All()
    {
        lock (_gate) return [.. _leases.Values.Select(l => (l.Id, l.TtlSeconds))];
    }

    private bool IsExpired(Lease lease) => time.GetTimestamp() >= lease.Deadline;

    private long DeadlineFor(long ttlSeconds)
    {
        var ticks = (double)ttlSeconds * time.TimestampFrequency;
        return ticks >= long.MaxValue / 2 ? long.MaxValue : time.GetTimestamp() + (long)ticks;
    }
}
