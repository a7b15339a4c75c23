namespace Cluster.Store;

/// <summary>
/// Request limits every engine enforces before doing anything, so both reject the same requests the same way.
/// </summary>
public static class StoreLimits
{
    /// <summary>etcd's default <c>--max-request-bytes</c>: 1.5 MiB.</summary>
    public const int MaxRequestBytes = 1536 * 1024;

    /// <summary>etcd's longest lease TTL (9,000,000,000 seconds).</summary>
    public const long MaxLeaseTtlSeconds = 9_000_000_000;

    /// <summary>etcd's default <c>--max-txn-ops</c>: at most this many compares, and operations per branch.</summary>
    public const int MaxTxnOps = 128;

    private const int PerOpOverhead = 16;

    /// <summary>Throws <see cref="RequestTooLargeException"/> if the put is too large; validates its key.</summary>
    public static void Check(PutRequest put) => CheckSize(SizeOf(put));

    /// <summary>Throws if the txn is too large or malformed (empty keys, a key written twice, too many operations).</summary>
    public static void Check(TxnRequest txn)
    {
        if (txn.Compares.Count > MaxTxnOps || txn.Success.Count > MaxTxnOps || txn.Failure.Count > MaxTxnOps)
            throw new InvalidStoreRequestException($"too many operations in txn request (at most {MaxTxnOps} compares and {MaxTxnOps} operations per branch)");
        long size = 0;
        foreach (var c in txn.Compares)
        {
            RequireKey(c.Key);
            size += c.Key.Length + c.RangeEnd.Length + c.Value.Length + PerOpOverhead;
        }
        size += SizeOf(txn.Success) + SizeOf(txn.Failure);
        CheckSize(size);
        RequireSingleWritePerKey(txn.Success);
        RequireSingleWritePerKey(txn.Failure);
    }

    /// <summary>Throws unless the TTL is positive and at most <see cref="MaxLeaseTtlSeconds"/>.</summary>
    public static void CheckLeaseTtl(long ttlSeconds)
    {
        if (ttlSeconds <= 0) throw new InvalidStoreRequestException($"lease TTL must be positive, not {ttlSeconds}");
        if (ttlSeconds > MaxLeaseTtlSeconds) throw new InvalidStoreRequestException("too large lease TTL");
    }

    /// <summary>Throws if the key is empty (etcd: "key is not provided").</summary>
    public static void RequireKey(ReadOnlyMemory<byte> key)
    {
        if (key.IsEmpty) throw new InvalidStoreRequestException("key is not provided");
    }

    private static long SizeOf(IReadOnlyList<TxnOp> ops)
    {
        long size = 0;
        foreach (var op in ops) size += SizeOf(op);
        return size;
    }

    private static long SizeOf(TxnOp op)
    {
        switch (op)
        {
            case PutRequest p:
                RequireKey(p.Key);
                return p.Key.Length + p.Value.Length + PerOpOverhead;
            case DeleteRangeRequest d:
                RequireKey(d.Key);
                return d.Key.Length + d.RangeEnd.Length + PerOpOverhead;
            case RangeRequest r:
                RequireKey(r.Key);
                return r.Key.Length + r.RangeEnd.Length + PerOpOverhead;
            default:
                throw new InvalidStoreRequestException($"unsupported txn operation {op.GetType().Name}");
        }
    }

    private static void CheckSize(long size)
    {
        if (size > MaxRequestBytes) throw new RequestTooLargeException(size, MaxRequestBytes);
    }

    /// <summary>etcd rejects a txn that puts one key twice, or puts a key that a delete in the same txn also covers.</summary>
    private static void RequireSingleWritePerKey(IReadOnlyList<TxnOp> ops)
    {
        if (ops.Count < 2) return;
        var puts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in ops)
        {
            if (op is PutRequest p && !puts.Add(Convert.ToBase64String(p.Key.Span)))
                throw new InvalidStoreRequestException("duplicate key given in txn request");
        }
        if (puts.Count == 0) return;
        foreach (var op in ops)
        {
            if (op is not DeleteRangeRequest d) continue;
            foreach (var op2 in ops)
            {
                if (op2 is PutRequest p && KeyRange.Contains(d.Key.Span, d.RangeEnd.Span, p.Key.Span))
                    throw new InvalidStoreRequestException("duplicate key given in txn request");
            }
        }
    }
}
