namespace Cluster.Runtime.Client;

/// <summary>One REST call: method, path with query, and an optional body with its media type.</summary>
public sealed record ApiRequest(HttpMethod Method, string PathAndQuery, ReadOnlyMemory<byte>? Body = null, string? ContentType = null)
{
    public bool IsRead => Method == HttpMethod.Get || Method == HttpMethod.Head;
}
