using System.Text.Json.Nodes;

namespace Cluster.ApiServer.CustomResources;

/// <summary>
/// Applies the <c>default</c>s of a structural schema to an object, as apiextensions-apiserver does on create, update
/// and read: a missing property with a default gets a copy of it (then its own sub-defaults); objects and array items
/// are walked. Null values are left alone unless the property is not nullable and has a default.
/// </summary>
public static class SchemaDefaulter
{
    public static void Apply(JsonObject obj, JsonObject schema)
    {
        if (schema["properties"] is not JsonObject properties) return;
        foreach (var (name, node) in properties)
        {
            if (node is not JsonObject property || name is "metadata" or "apiVersion" or "kind") continue;
            Default(obj, name, property);
        }
    }

    private static void Default(JsonObject parent, string name, JsonObject schema)
    {
        var present = parent.TryGetPropertyValue(name, out var value);
        if ((!present || value is null && !IsTrue(schema["nullable"])) && schema.TryGetPropertyValue("default", out var fallback))
        {
            parent[name] = value = fallback?.DeepClone();
        }
        Walk(value, schema);
    }

    private static void Walk(JsonNode? value, JsonObject schema)
    {
        switch (value)
        {
            case JsonObject o:
                if (schema["properties"] is JsonObject properties)
                {
                    foreach (var (name, node) in properties)
                        if (node is JsonObject property) Default(o, name, property);
                }
                else if (schema["additionalProperties"] is JsonObject additional)
                {
                    foreach (var (_, child) in o.ToList()) Walk(child, additional);
                }
                break;
            case JsonArray a when schema["items"] is JsonObject items:
                foreach (var item in a) Walk(item, items);
                break;
        }
    }

    private static bool IsTrue(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}
