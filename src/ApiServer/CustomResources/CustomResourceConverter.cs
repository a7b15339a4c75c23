using System.Text.Json.Nodes;
using Cluster.ApiServer.Conversion;

namespace Cluster.ApiServer.CustomResources;

/// <summary>
/// Reads and writes a custom resource version through its storage version with the <c>None</c> conversion strategy,
/// as apiextensions-apiserver's nop converter does: only <c>apiVersion</c> changes. Objects read from storage also
/// get the served version's schema defaults (upstream defaults on read, so a default added to a CRD shows on old
/// objects). Pure: never changes its argument.
/// </summary>
public sealed class CustomResourceConverter(string storageApiVersion, string servedApiVersion, ValidationSchema schema) : IVersionConverter
{
    public string StorageApiVersion => storageApiVersion;

    public JsonObject ToStorage(JsonObject served)
    {
        var copy = (JsonObject)served.DeepClone();
        copy["apiVersion"] = storageApiVersion;
        return copy;
    }

    public JsonObject FromStorage(JsonObject stored)
    {
        var copy = (JsonObject)stored.DeepClone();
        copy["apiVersion"] = servedApiVersion;
        SchemaDefaulter.Apply(copy, schema);
        return copy;
    }
}
