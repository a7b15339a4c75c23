using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Http;

/// <summary>An object read from a request body, and the paths of keys its JSON gave more than once.</summary>
public sealed record BodyObject(JsonObject Value, IReadOnlyList<string> DuplicateFields);
