using System.Text.Json.Nodes;
using Cluster.ApiServer.Decoding;
using Cluster.ApiServer.Schema;

namespace Cluster.ApiServer.CustomResources;

/// <summary>
/// Drops the fields of a custom resource that its structural schema does not declare, as apiextensions-apiserver's
/// pruning does: an object keeps only its declared properties (every field when it has a schema for
/// additionalProperties, or x-kubernetes-preserve-unknown-fields), so an object schema with neither keeps nothing.
/// apiVersion, kind and metadata are kept at the root and in embedded resources, where metadata is reduced to
/// ObjectMeta's fields. Reports each dropped field's path (<c>spec.bogus</c>) and metadata values of the wrong type.
/// Changes the object in place; the schemas are only read.
/// </summary>
public static class SchemaPruner
{
    private const int MaxReported = 50;

    /// <param name="objectMeta">The schema of ObjectMeta, for metadata; null leaves metadata alone.</param>
    public static SchemaCheckResult Prune(JsonObject obj, ValidationSchema schema, SchemaNode? objectMeta)
    {
        var unknown = new List<string>();
        var typeErrors = new List<string>();
        PruneObject(obj, schema, "", objectMeta, unknown, typeErrors, isResource: true);
        return new SchemaCheckResult(unknown, typeErrors);
    }

    private static void PruneObject(JsonObject o, ValidationSchema schema, string path, SchemaNode? objectMeta,
        List<string> unknown, List<string> typeErrors, bool isResource)
    {
        List<string>? remove = null;
        foreach (var (name, value) in o)
        {
            var childPath = path.Length == 0 ? name : $"{path}.{name}";
            if (isResource && EmbeddedResources.ImpliedFields.Contains(name))
            {
                if (name == "metadata" && value is JsonObject meta && objectMeta is not null)
                {
                    var result = SchemaCheck.Check(meta, objectMeta, childPath);
                    Add(unknown, result.UnknownFields);
                    Add(typeErrors, result.TypeErrors);
                }
                continue;
            }
            if (schema.Field(name) is not { } child)
            {
                if (schema.PreserveUnknownFields) continue;
                (remove ??= []).Add(name);
                if (unknown.Count < MaxReported) unknown.Add(childPath);
                continue;
            }
            if (value is not null) PruneValue(value, child, childPath, objectMeta, unknown, typeErrors);
        }
        if (remove is null) return;
        foreach (var name in remove) o.Remove(name);
    }

    private static void PruneValue(JsonNode value, ValidationSchema schema, string path, SchemaNode? objectMeta, List<string> unknown, List<string> typeErrors)
    {
        switch (value)
        {
            case JsonObject o when schema.Type == "object" || schema.Properties.Count > 0 || schema.AdditionalProperties is not null || schema.EmbeddedResource:
                PruneObject(o, schema, path, objectMeta, unknown, typeErrors, schema.EmbeddedResource);
                break;
            case JsonArray a when schema.Items is { } items:
                for (var i = 0; i < a.Count; i++)
                    if (a[i] is { } item) PruneValue(item, items, $"{path}[{i}]", objectMeta, unknown, typeErrors);
                break;
        }
    }

    private static void Add(List<string> into, IEnumerable<string> more)
    {
        foreach (var item in more)
        {
            if (into.Count >= MaxReported) return;
            into.Add(item);
        }
    }
}
