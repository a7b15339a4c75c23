using System.Text.Json.Nodes;
using Cluster.Api.Validation;

namespace Cluster.ApiServer.CustomResources;

/// <summary>
/// Validation of apiextensions.k8s.io/v1 CustomResourceDefinitions, as upstream's ValidateCustomResourceDefinition:
/// name = plural.group, names, scope, versions (exactly one storage version, schemas required and structural,
/// defaults valid against their schema), conversion (only None is supported here), subresources and printer columns.
/// </summary>
public static class CrdValidation
{
    private static readonly string[] Scopes = ["Cluster", "Namespaced"];
    private static readonly string[] ColumnTypes = ["integer", "number", "string", "boolean", "date"];
    private static readonly string[] SchemaTypes = ["object", "array", "string", "integer", "number", "boolean"];

    public static List<FieldError> Validate(JsonObject crd)
    {
        var errors = new List<FieldError>();
        var spec = crd["spec"] as JsonObject;
        var specPath = FieldPath.Root("spec");
        if (spec is null)
        {
            errors.Add(FieldError.Required(specPath, ""));
            return errors;
        }
        var group = (string?)spec["group"] ?? "";
        var names = spec["names"] as JsonObject;
        var plural = (string?)names?["plural"] ?? "";
        var name = (string?)crd["metadata"]?["name"] ?? "";
        if (name != $"{plural}.{group}")
            errors.Add(FieldError.Invalid(FieldPath.Root("metadata", "name"), name, "must be spec.names.plural+\".\"+spec.group"));

        if (group.Length == 0) errors.Add(FieldError.Required(specPath.Child("group"), ""));
        else if (!group.Contains('.')) errors.Add(FieldError.Invalid(specPath.Child("group"), group, "should be a domain with at least one dot"));
        else foreach (var message in NameValidation.IsDns1123Subdomain(group)) errors.Add(FieldError.Invalid(specPath.Child("group"), group, message));

        ValidateNames(names, specPath.Child("names"), errors);
        var scope = (string?)spec["scope"];
        if (string.IsNullOrEmpty(scope)) errors.Add(FieldError.Required(specPath.Child("scope"), ""));
        else if (!Scopes.Contains(scope)) errors.Add(FieldError.NotSupported(specPath.Child("scope"), scope, Scopes));

        ValidateVersions(spec["versions"] as JsonArray, specPath.Child("versions"), errors);
        if ((string?)spec["conversion"]?["strategy"] is { } strategy && strategy != "None")
            errors.Add(FieldError.NotSupported(specPath.Child("conversion", "strategy"), strategy, ["None"]));
        return errors;
    }

    public static List<FieldError> ValidateUpdate(JsonObject crd, JsonObject old)
    {
        var errors = Validate(crd);
        foreach (var field in (string[])["group", "scope"])
        {
            var now = (string?)crd["spec"]?[field];
            var before = (string?)old["spec"]?[field];
            if (before is not null && now != before) errors.Add(FieldError.Invalid(FieldPath.Root("spec", field), now, "field is immutable"));
        }
        return errors;
    }

    private static void ValidateNames(JsonObject? names, FieldPath path, List<FieldError> errors)
    {
        if (names is null)
        {
            errors.Add(FieldError.Required(path, ""));
            return;
        }
        foreach (var field in (string[])["plural", "singular"])
        {
            var value = (string?)names[field];
            if (string.IsNullOrEmpty(value)) errors.Add(FieldError.Required(path.Child(field), ""));
            else foreach (var m in NameValidation.IsDns1035Label(value)) errors.Add(FieldError.Invalid(path.Child(field), value, m));
        }
        foreach (var field in (string[])["kind", "listKind"])
        {
            var value = (string?)names[field];
            if (string.IsNullOrEmpty(value)) errors.Add(FieldError.Required(path.Child(field), ""));
            else if (NameValidation.IsDns1035Label(value.ToLowerInvariant()).Count > 0)
                errors.Add(FieldError.Invalid(path.Child(field), value, "may have mixed case, but should otherwise match: [a-z]([-a-z0-9]*[a-z0-9])?"));
        }
        if ((string?)names["kind"] is { Length: > 0 } kind && kind == (string?)names["listKind"])
            errors.Add(FieldError.Invalid(path.Child("listKind"), kind, "kind and listKind must be different"));
        if (names["shortNames"] is JsonArray shortNames)
        {
            for (var i = 0; i < shortNames.Count; i++)
            {
                var value = (string?)shortNames[i] ?? "";
                foreach (var m in NameValidation.IsDns1035Label(value)) errors.Add(FieldError.Invalid(path.Child("shortNames").Index(i), value, m));
            }
        }
    }

    private static void ValidateVersions(JsonArray? versions, FieldPath path, List<FieldError> errors)
    {
        if (versions is null || versions.Count == 0)
        {
            errors.Add(FieldError.Required(path, "must have at least one version"));
            return;
        }
        var storage = 0;
        var served = 0;
        var seen = new HashSet<string>();
        for (var i = 0; i < versions.Count; i++)
        {
            var p = path.Index(i);
            if (versions[i] is not JsonObject version)
            {
                errors.Add(FieldError.Required(p, ""));
                continue;
            }
            var name = (string?)version["name"] ?? "";
            if (name.Length == 0) errors.Add(FieldError.Required(p.Child("name"), ""));
            else if (!seen.Add(name)) errors.Add(FieldError.Duplicate(p.Child("name"), name));
            else foreach (var m in NameValidation.IsDns1035Label(name)) errors.Add(FieldError.Invalid(p.Child("name"), name, m));
            if (version["storage"] is JsonValue s && s.TryGetValue<bool>(out var isStorage) && isStorage) storage++;
            if (version["served"] is JsonValue v && v.TryGetValue<bool>(out var isServed) && isServed) served++;
            if (version["schema"]?["openAPIV3Schema"] is not JsonObject schema)
                errors.Add(FieldError.Required(p.Child("schema", "openAPIV3Schema"), "schemas are required"));
            else ValidateSchema(schema, p.Child("schema", "openAPIV3Schema"), errors);
            ValidateSubresources(version["subresources"] as JsonObject, p.Child("subresources"), errors);
            ValidateColumns(version["additionalPrinterColumns"] as JsonArray, p.Child("additionalPrinterColumns"), errors);
        }
        if (storage != 1) errors.Add(FieldError.Invalid(path, versions.ToJsonString(), "must have exactly one version marked as storage version"));
        if (served == 0) errors.Add(FieldError.Invalid(path, versions.ToJsonString(), "must have at least one version marked as served"));
    }

    private static void ValidateSchema(JsonObject schema, FieldPath path, List<FieldError> errors)
    {
        if ((string?)schema["type"] != "object" && !Preserves(schema))
            errors.Add((string?)schema["type"] is { } t ? FieldError.Invalid(path.Child("type"), t, "must be object at the root") : FieldError.Required(path.Child("type"), "must not be empty at the root"));
        if (schema["properties"]?["metadata"] is JsonObject metadata && metadata["properties"] is JsonObject metaProperties)
        {
            foreach (var (field, _) in metaProperties)
                if (field is not ("name" or "generateName"))
                    errors.Add(FieldError.Forbidden(path.Child("properties").Key("metadata").Child("properties").Key(field), "must not be specified"));
        }
        Walk(schema, path, errors, root: true);
    }

    private static void Walk(JsonObject node, FieldPath path, List<FieldError> errors, bool root = false)
    {
        var type = (string?)node["type"];
        if (type is null && !root && !Preserves(node) && !IsTrue(node["x-kubernetes-int-or-string"]))
            errors.Add(FieldError.Required(path.Child("type"), "must not be empty for specified object fields"));
        if (type is not null && !SchemaTypes.Contains(type)) errors.Add(FieldError.NotSupported(path.Child("type"), type, SchemaTypes));
        if (node["properties"] is JsonObject && node["additionalProperties"] is JsonObject)
            errors.Add(FieldError.Forbidden(path.Child("additionalProperties"), "additionalProperties and properties are mutual exclusive"));
        if (node.ContainsKey("$ref")) errors.Add(FieldError.Forbidden(path.Child("$ref"), "$ref is not supported"));
        if (node.TryGetPropertyValue("default", out var fallback) && !root)
        {
            var check = new JsonObject { ["value"] = fallback?.DeepClone() };
            var wrapper = new JsonObject { ["properties"] = new JsonObject { ["value"] = node.DeepClone() } };
            foreach (var e in OpenApiValidator.Validate(check, wrapper))
                errors.Add(FieldError.Invalid(path.Child("default"), fallback?.ToJsonString(), e.ErrorBody()));
        }
        if (node["properties"] is JsonObject properties)
            foreach (var (name, child) in properties)
                if (child is JsonObject c) Walk(c, path.Child("properties").Key(name), errors);
        if (node["items"] is JsonObject items) Walk(items, path.Child("items"), errors);
        if (node["additionalProperties"] is JsonObject additional) Walk(additional, path.Child("additionalProperties"), errors);
    }

    private static void ValidateSubresources(JsonObject? subresources, FieldPath path, List<FieldError> errors)
    {
        if (subresources?["scale"] is not JsonObject scale) return;
        var p = path.Child("scale");
        if ((string?)scale["specReplicasPath"] is not { } spec) errors.Add(FieldError.Required(p.Child("specReplicasPath"), ""));
        else if (!spec.StartsWith(".spec.", StringComparison.Ordinal)) errors.Add(FieldError.Invalid(p.Child("specReplicasPath"), spec, "should be a json path under .spec"));
        if ((string?)scale["statusReplicasPath"] is not { } status) errors.Add(FieldError.Required(p.Child("statusReplicasPath"), ""));
        else if (!status.StartsWith(".status.", StringComparison.Ordinal)) errors.Add(FieldError.Invalid(p.Child("statusReplicasPath"), status, "should be a json path under .status"));
        if ((string?)scale["labelSelectorPath"] is { } selector && !selector.StartsWith(".spec.", StringComparison.Ordinal) && !selector.StartsWith(".status.", StringComparison.Ordinal))
            errors.Add(FieldError.Invalid(p.Child("labelSelectorPath"), selector, "should be a json path under either .spec or .status"));
    }

    private static void ValidateColumns(JsonArray? columns, FieldPath path, List<FieldError> errors)
    {
        for (var i = 0; columns is not null && i < columns.Count; i++)
        {
            var p = path.Index(i);
            var column = columns[i] as JsonObject;
            if (string.IsNullOrEmpty((string?)column?["name"])) errors.Add(FieldError.Required(p.Child("name"), ""));
            if (string.IsNullOrEmpty((string?)column?["jsonPath"])) errors.Add(FieldError.Required(p.Child("jsonPath"), ""));
            var type = (string?)column?["type"];
            if (string.IsNullOrEmpty(type)) errors.Add(FieldError.Required(p.Child("type"), ""));
            else if (!ColumnTypes.Contains(type)) errors.Add(FieldError.NotSupported(p.Child("type"), type, ColumnTypes));
        }
    }

    private static bool Preserves(JsonObject node) => IsTrue(node["x-kubernetes-preserve-unknown-fields"]);

    private static bool IsTrue(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}
