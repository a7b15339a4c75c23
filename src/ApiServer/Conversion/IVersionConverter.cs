using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Conversion;

/// <summary>
/// Converts one kind between the version a client is served and the version it is stored in, as kube-apiserver
/// does when a resource is served in several versions but persisted in one. Both directions are pure: they never
/// modify their argument, share no nodes with it, and never throw on odd input (fields of the wrong JSON type are
/// treated as absent). The result carries the target <c>apiVersion</c> and <c>kind</c>. A kind served as it is
/// stored has no converter (look-ups return null).
/// </summary>
public interface IVersionConverter
{
    /// <summary>The <c>apiVersion</c> objects are stored in, e.g. <c>autoscaling/v2</c>.</summary>
    string StorageApiVersion { get; }

    /// <summary>Converts an object in the served version to the storage version.</summary>
    JsonObject ToStorage(JsonObject served);

    /// <summary>Converts a stored object to the served version.</summary>
    JsonObject FromStorage(JsonObject stored);
}
