using System.Text.Json.Nodes;

namespace Cluster.ApiServer.CustomResources;

/// <summary>
/// Applies a structural schema's <c>default</c>s as apiextensions-apiserver does on create, update and read: a
/// missing property (or a null one that is not nullable) with a default gets a copy of it; a null that is neither
/// nullable nor defaulted is dropped; array items that are such nulls get their default; then objects, map values and
/// items are walked, so defaults inside defaults apply too. apiVersion, kind and metadata at the root are left alone.
/// Changes the object in place; the schema is only read.
/// </summary>
public static class SchemaDefaulter
{
    public static void Apply(JsonObject obj, ValidationSchema schema)
    {
        if (!schema.HasDefaults && !HasProperties(schema)) return;
        DefaultObject(obj, schema, root: true);
    }

    private static void DefaultObject(JsonObject o, ValidationSchema schema, bool root = false)
    {
        foreach (var (name, property) in schema.Properties)
        {
            if (root && name is "apiVersion" or "kind" or "metadata") continue;
            var present = o.TryGetPropertyValue(name, out var value);
            if (present && value is not null) continue;
            if (property.DefaultJson is not null && (!present || !property.Nullable)) o[name] = property.NewDefault();
            else if (present && !property.Nullable) o.Remove(name);
        }
        List<(string, JsonNode)>? walk = null;
        foreach (var (name, value) in o)
        {
            if (value is null || root && name is "apiVersion" or "kind" or "metadata") continue;
            (walk ??= []).Add((name, value));
        }
        if (walk is null) return;
        foreach (var (name, value) in walk)
        {
            if (schema.Field(name) is { } child) Walk(value, child);
        }
    }

    private static void Walk(JsonNode value, ValidationSchema schema)
    {
        if (!schema.HasDefaults && !HasProperties(schema) && schema.Items is null && schema.AdditionalProperties is null) return;
        switch (value)
        {
            case JsonObject o:
                DefaultObject(o, schema);
                break;
            case JsonArray a when schema.Items is { } items:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is null && !items.Nullable && items.DefaultJson is not null) a[i] = items.NewDefault();
                    if (a[i] is { } item) Walk(item, items);
                }
                break;
        }
    }

    private static bool HasProperties(ValidationSchema schema) => schema.Properties.Count > 0;
}
