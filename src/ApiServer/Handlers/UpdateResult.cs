using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Handlers;

/// <summary>What an update did: the object as it now is, and whether the write created or removed it.</summary>
public sealed record UpdateResult(JsonObject Object, bool Created = false, bool Deleted = false)
{
    /// <summary>The bytes stored for <see cref="Object"/> when they are its JSON as served (less the resource version); null otherwise.</summary>
    public byte[]? ServedJson { get; init; }

    /// <summary>The resource version <see cref="ServedJson"/> was stored at.</summary>
    public long Revision { get; init; }
}
