namespace Cluster.Store.Embedded.Mvcc;

/// <summary>
/// The keys in byte order: a list of sorted chunks, so inserts shift at most one chunk and a range is a walk
/// along the chunks. Not thread-safe: the state's lock guards it.
/// </summary>
internal sealed class KeyIndex
{
    private const int MaxChunk = 512;
    private readonly List<Chunk> _chunks = [new Chunk(MaxChunk)];

    public int Count { get; private set; }

    /// <summary>Builds an index from histories already in strictly ascending key order.</summary>
    public static KeyIndex FromSorted(IReadOnlyList<KeyHistory> sorted)
    {
        var index = new KeyIndex();
        index._chunks.Clear();
        for (var i = 0; i < sorted.Count; i += MaxChunk / 2)
        {
            var chunk = new Chunk(MaxChunk);
            var n = Math.Min(MaxChunk / 2, sorted.Count - i);
            for (var j = 0; j < n; j++) chunk.Items[j] = sorted[i + j];
            chunk.Count = n;
            index._chunks.Add(chunk);
        }
        if (index._chunks.Count == 0) index._chunks.Add(new Chunk(MaxChunk));
        index.Count = sorted.Count;
        return index;
    }

    public KeyHistory? Find(ReadOnlySpan<byte> key)
    {
        var chunk = _chunks[ChunkFor(key)];
        var i = chunk.Search(key);
        return i >= 0 ? chunk.Items[i] : null;
    }

    /// <summary>Adds a history whose key is not in the index yet.</summary>
    public void Add(KeyHistory history)
    {
        var ci = ChunkFor(history.Key);
        var chunk = _chunks[ci];
        var i = chunk.Search(history.Key);
        if (i >= 0) throw new InvalidOperationException("key already indexed");
        i = ~i;
        if (chunk.Count == MaxChunk)
        {
            var right = chunk.SplitOff();
            _chunks.Insert(ci + 1, right);
            if (i > chunk.Count)
            {
                i -= chunk.Count;
                chunk = right;
            }
        }
        chunk.InsertAt(i, history);
        Count++;
    }

    public void Remove(ReadOnlySpan<byte> key)
    {
        var ci = ChunkFor(key);
        var chunk = _chunks[ci];
        var i = chunk.Search(key);
        if (i < 0) return;
        chunk.RemoveAt(i);
        Count--;
        if (chunk.Count == 0 && _chunks.Count > 1) _chunks.RemoveAt(ci);
    }

    /// <summary>
    /// Histories with keys in <c>[start, end)</c>, in order; an empty <paramref name="end"/> means no upper bound.
    /// The index must not change while this is enumerated.
    /// </summary>
    public IEnumerable<KeyHistory> Range(byte[] start, byte[] end)
    {
        var ci = ChunkFor(start);
        var i = _chunks[ci].Search(start);
        if (i < 0) i = ~i;
        for (; ci < _chunks.Count; ci++, i = 0)
        {
            var chunk = _chunks[ci];
            for (; i < chunk.Count; i++)
            {
                var h = chunk.Items[i];
                if (end.Length > 0 && h.Key.AsSpan().SequenceCompareTo(end) >= 0) yield break;
                yield return h;
            }
        }
    }

    /// <summary>Every history in key order, in slices of at most <paramref name="sliceSize"/>, starting after <paramref name="after"/>.</summary>
    public List<KeyHistory> Slice(byte[]? after, int sliceSize)
    {
        var result = new List<KeyHistory>(sliceSize);
        var ci = 0;
        var i = 0;
        if (after is not null)
        {
            ci = ChunkFor(after);
            i = _chunks[ci].Search(after);
            i = i >= 0 ? i + 1 : ~i;
        }
        for (; ci < _chunks.Count && result.Count < sliceSize; ci++, i = 0)
        {
            var chunk = _chunks[ci];
            for (; i < chunk.Count && result.Count < sliceSize; i++) result.Add(chunk.Items[i]);
        }
        return result;
    }

    /// <summary>The chunk that holds, or would hold, <paramref name="key"/>: the last one whose first key is not above it.</summary>
    private int ChunkFor(ReadOnlySpan<byte> key)
    {
        int lo = 0, hi = _chunks.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            var first = _chunks[mid];
            if (first.Count > 0 && first.Items[0].Key.AsSpan().SequenceCompareTo(key) <= 0) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    private sealed class Chunk(int capacity)
    {
        public KeyHistory[] Items = new KeyHistory[capacity];
        public int Count;

        /// <summary>Index of the key, or the bitwise complement of where it would go.</summary>
        public int Search(ReadOnlySpan<byte> key)
        {
            int lo = 0, hi = Count - 1;
            while (lo <= hi)
            {
                var mid = (lo + hi) >> 1;
                var c = Items[mid].Key.AsSpan().SequenceCompareTo(key);
                if (c == 0) return mid;
                if (c < 0) lo = mid + 1;
                else hi = mid - 1;
            }
            return ~lo;
        }

        public void InsertAt(int i, KeyHistory h)
        {
            Array.Copy(Items, i, Items, i + 1, Count - i);
            Items[i] = h;
            Count++;
        }

        public void RemoveAt(int i)
        {
            Count--;
            Array.Copy(Items, i + 1, Items, i, Count - i);
            Items[Count] = null!;
        }

        public Chunk SplitOff()
        {
            var right = new Chunk(Items.Length);
            var half = Count / 2;
            right.Count = Count - half;
            Array.Copy(Items, half, right.Items, 0, right.Count);
            Array.Clear(Items, half, right.Count);
            Count = half;
            return right;
        }
    }
}
