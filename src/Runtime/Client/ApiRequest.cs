namespace Cluster.Runtime.Client;

/// <summary>
/// One REST call: method, path with query, an optional body with its media type, and the Accept header when not
/// plain JSON (e.g. <c>as=PartialObjectMetadata</c>).
/// </summary>
public sealed record ApiRequest(HttpMethod Method, string PathAndQuery, ReadOnlyMemory<byte>? Body = null, string? ContentType = null, string? Accept = null)
{
    public bool IsRead => Method == HttpMethod.Get || Method == HttpMethod.Head;
}
