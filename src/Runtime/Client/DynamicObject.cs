using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Api;
using Cluster.Api.Meta.V1;

namespace Cluster.Runtime.Client;

/// <summary>
/// An object of any kind as a JSON tree, for resources without a C# type (custom resources, generic tools). Its
/// metadata is read once when it is made; treat <see cref="Body"/> as read-only while the object is shared (it is,
/// once in an informer cache), and build changed copies with <see cref="With"/>.
/// </summary>
public sealed class DynamicObject : IKubernetesObject<DynamicObject>
{
    public DynamicObject(JsonObject body)
    {
        Body = body;
        ApiVersion = (string?)body["apiVersion"];
        Kind = (string?)body["kind"];
        Metadata = body["metadata"] is JsonObject meta ? meta.Deserialize(Api.Serialization.ApiJsonContext.Default.MetaV1ObjectMeta) : null;
    }

    /// <summary>For codecs that read the typed metadata along with the body: <paramref name="metadata"/> is <paramref name="body"/>'s.</summary>
    internal DynamicObject(JsonObject body, ObjectMeta? metadata)
    {
        Body = body;
        ApiVersion = (string?)body["apiVersion"];
        Kind = (string?)body["kind"];
        Metadata = metadata;
    }

    public JsonObject Body { get; }

    public string? ApiVersion { get; }

    public string? Kind { get; }

    public ObjectMeta? Metadata { get; }

    /// <summary>A changed copy: <paramref name="change"/> edits a deep clone of the body.</summary>
    public DynamicObject With(Action<JsonObject> change)
    {
        var copy = (JsonObject)Body.DeepClone();
        change(copy);
        return new DynamicObject(copy);
    }

    /// <summary>A copy whose body has <paramref name="metadata"/> (removed when null).</summary>
    public DynamicObject WithMetadata(ObjectMeta? metadata) => With(body =>
    {
        if (metadata is null) body.Remove("metadata");
        else body["metadata"] = JsonSerializer.SerializeToNode(metadata, Api.Serialization.ApiJsonContext.Default.MetaV1ObjectMeta);
    });

    /// <summary>The node at a dotted path (<c>spec.replicas</c>), or null.</summary>
    public JsonNode? this[string path]
    {
        get
        {
            JsonNode? node = Body;
            foreach (var part in path.Split('.'))
            {
                node = node is JsonObject o ? o[part] : null;
                if (node is null) return null;
            }
            return node;
        }
    }
}
