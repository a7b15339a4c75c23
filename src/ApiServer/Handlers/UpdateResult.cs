using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Handlers;

/// <summary>What an update did: the object as it now is, and whether the write created or removed it.</summary>
public sealed record UpdateResult(JsonObject Object, bool Created = false, bool Deleted = false);
