using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Conversion;

/// <summary>
/// A custom resource version stored in another version with the <c>None</c> conversion strategy: only
/// <c>apiVersion</c> changes, as apiextensions-apiserver's nop converter does.
/// </summary>
public sealed class ApiVersionConverter(string storageApiVersion, string servedApiVersion) : IVersionConverter
{
    public string StorageApiVersion => storageApiVersion;

    public JsonObject ToStorage(JsonObject served) => With(served, storageApiVersion);

    public JsonObject FromStorage(JsonObject stored) => With(stored, servedApiVersion);

    private static JsonObject With(JsonObject obj, string apiVersion)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy["apiVersion"] = apiVersion;
        return copy;
    }
}
