namespace Cluster.Store.Embedded.Mvcc;

/// <summary>
/// Every retained version of one key, oldest first, tombstones included. Mutated only under the state's write
/// lock; read under its read lock. Most keys have one version, so the newest is kept apart from the rest.
/// </summary>
internal sealed class KeyHistory(byte[] key, KeyValue first)
{
    private KeyValue _latest = first;
    private KeyValue[]? _older;
    private int _olderCount;

    public byte[] Key { get; } = key;

    /// <summary>The newest version, which may not be published yet and may be a tombstone.</summary>
    public KeyValue Latest => _latest;

    public int Count => _olderCount + 1;

    /// <summary>The newest version written at or before <paramref name="revision"/> (possibly a tombstone), or null.</summary>
    public KeyValue? At(long revision)
    {
        if (_latest.ModRevision <= revision) return _latest;
        for (var i = _olderCount - 1; i >= 0; i--)
        {
            if (_older![i].ModRevision <= revision) return _older[i];
        }
        return null;
    }

    /// <summary>The live (non-tombstone) version at <paramref name="revision"/>, or null if the key did not exist then.</summary>
    public KeyValue? LiveAt(long revision) => At(revision) is { IsTombstone: false } kv ? kv : null;

    public void Append(KeyValue kv)
    {
        if (_older is null || _olderCount == _older.Length)
            Array.Resize(ref _older, Math.Max(2, _olderCount * 2));
        _older[_olderCount++] = _latest;
        _latest = kv;
    }

    /// <summary>Undoes the last <see cref="Append"/>; returns false if that would leave no version at all.</summary>
    public bool RemoveLatest()
    {
        if (_olderCount == 0) return false;
        _latest = _older![--_olderCount];
        _older[_olderCount] = null!;
        if (_olderCount == 0) _older = null;
        return true;
    }

    /// <summary>
    /// Drops versions no read at or after <paramref name="compactRevision"/> needs: it keeps every version from that
    /// revision on, and the newest one before it if that one is live (it is what reads at the compacted revision
    /// see, and the previous value of the first change after it). Returns false if nothing is left.
    /// </summary>
    public bool Compact(long compactRevision)
    {
        var count = Count;
        var firstKept = 0;
        while (firstKept < count && VersionAt(firstKept).ModRevision < compactRevision) firstKept++;
        if (firstKept > 0 && !VersionAt(firstKept - 1).IsTombstone) firstKept--;
        if (firstKept == count) return false;
        if (firstKept == 0) return true;
        var remaining = count - 1 - firstKept; // older versions kept besides the latest
        if (remaining == 0)
        {
            _older = null;
        }
        else
        {
            var kept = new KeyValue[Math.Max(2, remaining)];
            Array.Copy(_older!, firstKept, kept, 0, remaining);
            _older = kept;
        }
        _olderCount = remaining;
        return true;
    }

    /// <summary>The <paramref name="index"/>-th retained version, oldest first.</summary>
    public KeyValue VersionAt(int index) => index == _olderCount ? _latest : _older![index];

    /// <summary>A history holding <paramref name="versions"/> (oldest first, at least one).</summary>
    public static KeyHistory FromVersions(byte[] key, KeyValue[] versions)
    {
        var h = new KeyHistory(key, versions[^1]);
        if (versions.Length > 1)
        {
            h._older = versions;
            h._olderCount = versions.Length - 1;
            versions[^1] = null!;
        }
        return h;
    }
}
