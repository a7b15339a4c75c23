namespace Cluster.Store.Errors;

/// <summary>A request is bigger than the store accepts (1.5 MiB, as etcd's default).</summary>
public sealed class RequestTooLargeException(long size, long limit)
    : StoreException($"request is too large: {size} bytes, limit {limit} bytes")
{
    public long Size { get; } = size;
    public long Limit { get; } = limit;
}
