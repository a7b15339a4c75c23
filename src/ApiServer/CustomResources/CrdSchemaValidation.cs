using System.Text.Json.Nodes;
using Cluster.Api.Validation;

namespace Cluster.ApiServer.CustomResources;

/// <summary>
/// Checks that a CRD version's <c>openAPIV3Schema</c> is structural, as upstream's structural-schema validation does:
/// an object at the root; a type on every node except where x-kubernetes-int-or-string or
/// x-kubernetes-preserve-unknown-fields stand in for it; items on arrays; no $ref, no additionalProperties beside
/// properties, no additionalProperties: false, no uniqueItems; well-formed Kubernetes extensions; valid patterns;
/// metadata limited to name and generateName; and every default valid against its own schema. Pure.
/// </summary>
public static class CrdSchemaValidation
{
    private static readonly string[] Types = ["array", "boolean", "integer", "number", "object", "string"];
    private static readonly string[] ListTypes = ["atomic", "map", "set"];
    private static readonly string[] MapTypes = ["atomic", "granular"];

    public static void Validate(JsonObject schema, FieldPath path, List<FieldError> errors)
    {
        var type = Text(schema["type"]);
        if (type != "object" && !IsTrue(schema["x-kubernetes-preserve-unknown-fields"]))
            errors.Add(type is null ? FieldError.Required(path.Child("type"), "must not be empty at the root") : FieldError.Invalid(path.Child("type"), type, "must be object at the root"));
        if (schema["properties"]?["metadata"] is JsonObject metadata)
        {
            var metadataPath = path.Child("properties").Key("metadata");
            if (Text(metadata["type"]) is { } metadataType && metadataType != "object")
                errors.Add(FieldError.Invalid(metadataPath.Child("type"), metadataType, "must be object"));
            if (metadata["properties"] is JsonObject metaProperties)
                foreach (var (field, _) in metaProperties)
                    if (field is not ("name" or "generateName"))
                        errors.Add(FieldError.Forbidden(metadataPath.Child("properties").Key(field), "must not be specified"));
        }
        Walk(schema, path, errors, root: true);
    }

    private static void Walk(JsonObject node, FieldPath path, List<FieldError> errors, bool root = false, bool isItems = false)
    {
        var type = Text(node["type"]);
        var intOrString = IsTrue(node["x-kubernetes-int-or-string"]);
        var preserve = IsTrue(node["x-kubernetes-preserve-unknown-fields"]);
        if (type is null && !root && !preserve && !intOrString)
            errors.Add(FieldError.Required(path.Child("type"), isItems ? "must not be empty for specified array items" : "must not be empty for specified object fields"));
        if (type is not null && !Types.Contains(type)) errors.Add(FieldError.NotSupported(path.Child("type"), type, Types));
        if (intOrString && type is not null) errors.Add(FieldError.Invalid(path.Child("type"), type, "must be empty if x-kubernetes-int-or-string is true"));
        if (node["x-kubernetes-preserve-unknown-fields"] is JsonValue p && p.TryGetValue<bool>(out var keep) && !keep)
            errors.Add(FieldError.Invalid(path.Child("x-kubernetes-preserve-unknown-fields"), false, "must be true or undefined"));
        if (node.ContainsKey("$ref")) errors.Add(FieldError.Forbidden(path.Child("$ref"), "$ref is not supported"));
        if (node["properties"] is JsonObject && node["additionalProperties"] is JsonObject)
            errors.Add(FieldError.Forbidden(path.Child("additionalProperties"), "additionalProperties and properties are mutual exclusive"));
        if (node["additionalProperties"] is JsonValue ap && ap.TryGetValue<bool>(out var allowed) && !allowed)
            errors.Add(FieldError.Forbidden(path.Child("additionalProperties"), "additionalProperties cannot be set to false"));
        if (IsTrue(node["uniqueItems"]))
            errors.Add(FieldError.Forbidden(path.Child("uniqueItems"), "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
        if (type == "array" && node["items"] is not JsonObject) errors.Add(FieldError.Required(path.Child("items"), "must be specified"));
        if (Text(node["pattern"]) is { } pattern && ValidationSchema.TryRegex(pattern) is null)
            errors.Add(FieldError.Invalid(path.Child("pattern"), pattern, "must be a valid regular expression"));
        ValidateExtensions(node, type, preserve, path, errors);
        if (!root && node.TryGetPropertyValue("default", out var fallback)) ValidateDefault(node, fallback, path, errors);

        if (node["properties"] is JsonObject properties)
            foreach (var (name, child) in properties)
                if (child is JsonObject c) Walk(c, path.Child("properties").Key(name), errors);
        if (node["items"] is JsonObject items) Walk(items, path.Child("items"), errors, isItems: true);
        if (node["additionalProperties"] is JsonObject additional) Walk(additional, path.Child("additionalProperties"), errors);
    }

    private static void ValidateExtensions(JsonObject node, string? type, bool preserve, FieldPath path, List<FieldError> errors)
    {
        if (IsTrue(node["x-kubernetes-embedded-resource"]))
        {
            if (type != "object") errors.Add(FieldError.Invalid(path.Child("type"), type ?? "", "must be object if x-kubernetes-embedded-resource is true"));
            else if (node["properties"] is not JsonObject && !preserve)
                errors.Add(FieldError.Required(path.Child("properties"), "must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields"));
        }
        var listType = Text(node["x-kubernetes-list-type"]);
        if (listType is not null)
        {
            if (!ListTypes.Contains(listType)) errors.Add(FieldError.NotSupported(path.Child("x-kubernetes-list-type"), listType, ListTypes));
            else if (type != "array") errors.Add(FieldError.Invalid(path.Child("type"), type ?? "", "must be array if x-kubernetes-list-type is specified"));
        }
        var mapKeys = node["x-kubernetes-list-map-keys"] as JsonArray;
        if (listType == "map")
        {
            if (mapKeys is null || mapKeys.Count == 0)
                errors.Add(FieldError.Required(path.Child("x-kubernetes-list-map-keys"), "must not be empty if x-kubernetes-list-type is map"));
            else if (node["items"] is JsonObject items)
            {
                if (Text(items["type"]) != "object") errors.Add(FieldError.Invalid(path.Child("items", "type"), Text(items["type"]) ?? "", "must be object if parent array's x-kubernetes-list-type is map"));
                foreach (var key in mapKeys.Select(Text).OfType<string>())
                    if (items["properties"]?[key] is not JsonObject)
                        errors.Add(FieldError.Required(path.Child("items", "properties").Key(key), "entries for all x-kubernetes-list-map-keys must be specified"));
            }
        }
        else if (mapKeys is not null)
            errors.Add(FieldError.Forbidden(path.Child("x-kubernetes-list-map-keys"), "must be empty if x-kubernetes-list-type is not map"));
        if (Text(node["x-kubernetes-map-type"]) is { } mapType && !MapTypes.Contains(mapType))
            errors.Add(FieldError.NotSupported(path.Child("x-kubernetes-map-type"), mapType, MapTypes));
    }

    // The default must pass the node's own validation (kube-openapi messages name the field, as upstream's do).
    private static void ValidateDefault(JsonObject node, JsonNode? fallback, FieldPath path, List<FieldError> errors)
    {
        var field = path.ToString();
        var name = field.EndsWith(']') ? field[(field.LastIndexOf('[') + 1)..^1] : field[(field.LastIndexOf('.') + 1)..];
        var schema = ValidationSchema.Compile(node);
        if (fallback is null && !schema.Nullable)
        {
            errors.Add(FieldError.Invalid(path.Child("default"), "null", $"{name} in body must be of type {schema.Type ?? "object"}: \"null\""));
            return;
        }
        var copy = fallback?.DeepClone();
        if (copy is JsonObject o)
        {
            var pruned = SchemaPruner.Prune(o, schema, objectMeta: null);
            if (pruned.UnknownFields.Count > 0)
                errors.Add(FieldError.Invalid(path.Child("default"), fallback?.ToJsonString(), $"must not have unknown fields: {string.Join(", ", pruned.UnknownFields)}"));
        }
        foreach (var e in OpenApiValidator.ValidateValue(copy, schema, name))
            errors.Add(FieldError.Invalid(path.Child("default"), e.BadValue, e.Path == name ? e.Detail : $"{e.Path}: {e.ErrorBody()}"));
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool IsTrue(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}
