using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;

namespace Cluster.ApiServer.Strategies;

/// <summary>
/// The per-kind policy the generic handlers apply to every write: defaulting, preparing a new or changed object,
/// and validation with field paths. Implementations are stateless and thread-safe; they mutate the object given.
/// </summary>
public interface IResourceStrategy
{
    /// <summary><c>metadata.generation</c> starts at 1 and grows on every spec change (not on status or metadata).</summary>
    bool TracksGeneration { get; }

    /// <summary>The rule object names must follow.</summary>
    NameRule Names { get; }

    /// <summary>On create, a status sent by the client is dropped (kinds whose status only controllers write).</summary>
    bool ResetsStatusOnCreate { get; }

    /// <summary>Fills defaults, as upstream's defaulting functions do, on create and on every update.</summary>
    void Default(JsonObject obj);

    /// <summary>Clears what a client may not set on create (status, for kinds with a status subresource).</summary>
    void PrepareForCreate(JsonObject obj);

    /// <summary>Problems with a new object; empty if valid.</summary>
    IEnumerable<StatusCause> Validate(JsonObject obj);

    /// <summary>Problems with an update (immutable fields and the like); empty if valid.</summary>
    IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old);

    /// <summary>Problems with a write through the status subresource (the spec is the stored one); by default the update rules.</summary>
    IEnumerable<StatusCause> ValidateStatusUpdate(JsonObject obj, JsonObject old) => ValidateUpdate(obj, old);
}
