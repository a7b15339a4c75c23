using System.Text.Json.Nodes;
using Cluster.Api.Validation;

namespace Cluster.ApiServer.CustomResources;

/// <summary>
/// Validation of apiextensions.k8s.io/v1 CustomResourceDefinitions, as upstream's ValidateCustomResourceDefinition:
/// name = plural.group, names, scope, versions (unique DNS-1035 names, exactly one storage version, at least one
/// served, schemas required and structural with valid defaults: <see cref="CrdSchemaValidation"/>), conversion (only
/// None is supported here: Webhook is refused as unsupported), subresources and printer columns; on update, group,
/// scope and names.kind stay, and every stored version stays listed. Pure.
/// </summary>
public static class CrdValidation
{
    private static readonly string[] Scopes = ["Cluster", "Namespaced"];
    private static readonly string[] ColumnTypes = ["integer", "number", "string", "boolean", "date"];
    private static readonly string[] ColumnFormats = ["int32", "int64", "float", "double", "byte", "date", "date-time", "password"];

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
        var group = Text(spec["group"]) ?? "";
        var names = spec["names"] as JsonObject;
        var plural = Text(names?["plural"]) ?? "";
        var name = Text(crd["metadata"]?["name"]) ?? "";
        if (name != $"{plural}.{group}")
            errors.Add(FieldError.Invalid(FieldPath.Root("metadata", "name"), name, "must be spec.names.plural+\".\"+spec.group"));

        if (group.Length == 0) errors.Add(FieldError.Required(specPath.Child("group"), ""));
        else if (!group.Contains('.')) errors.Add(FieldError.Invalid(specPath.Child("group"), group, "should be a domain with at least one dot"));
        else foreach (var message in NameValidation.IsDns1123Subdomain(group)) errors.Add(FieldError.Invalid(specPath.Child("group"), group, message));

        ValidateNames(names, specPath.Child("names"), errors);
        var scope = Text(spec["scope"]);
        if (string.IsNullOrEmpty(scope)) errors.Add(FieldError.Required(specPath.Child("scope"), ""));
        else if (!Scopes.Contains(scope)) errors.Add(FieldError.NotSupported(specPath.Child("scope"), scope, Scopes));

        ValidateVersions(spec["versions"] as JsonArray, specPath.Child("versions"), errors);
        if (Text(spec["conversion"]?["strategy"]) is { } strategy && strategy != "None")
            errors.Add(FieldError.NotSupported(specPath.Child("conversion", "strategy"), strategy, ["None"]));
        else if (spec["conversion"]?["webhook"] is JsonObject)
            errors.Add(FieldError.Forbidden(specPath.Child("conversion", "webhook"), "should not be set when strategy is not set to Webhook"));
        if (IsTrue(spec["preserveUnknownFields"]))
            errors.Add(FieldError.Invalid(specPath.Child("preserveUnknownFields"), true, "must be false in order to use defaults in the schema"));
        return errors;
    }

    public static List<FieldError> ValidateUpdate(JsonObject crd, JsonObject old)
    {
        var errors = Validate(crd);
        foreach (var (field, path) in (ReadOnlySpan<(string, FieldPath)>)[("group", FieldPath.Root("spec", "group")), ("scope", FieldPath.Root("spec", "scope"))])
        {
            var now = Text(crd["spec"]?[field]);
            var before = Text(old["spec"]?[field]);
            if (before is not null && now != before) errors.Add(FieldError.Invalid(path, now, "field is immutable"));
        }
        var versions = (crd["spec"]?["versions"] as JsonArray ?? []).Select(v => Text(v?["name"])).OfType<string>().ToHashSet();
        var stored = old["status"]?["storedVersions"] as JsonArray ?? [];
        for (var i = 0; i < stored.Count; i++)
            if (Text(stored[i]) is { } version && !versions.Contains(version))
                errors.Add(FieldError.Invalid(FieldPath.Root("status", "storedVersions").Index(i), version, "must appear in spec.versions"));
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
            var value = Text(names[field]);
            if (string.IsNullOrEmpty(value)) errors.Add(FieldError.Required(path.Child(field), ""));
            else foreach (var m in NameValidation.IsDns1035Label(value)) errors.Add(FieldError.Invalid(path.Child(field), value, m));
        }
        foreach (var field in (string[])["kind", "listKind"])
        {
            var value = Text(names[field]);
            if (string.IsNullOrEmpty(value)) errors.Add(FieldError.Required(path.Child(field), ""));
            else if (NameValidation.IsDns1035Label(value.ToLowerInvariant()).Count > 0)
                errors.Add(FieldError.Invalid(path.Child(field), value, "may have mixed case, but should otherwise match: [a-z]([-a-z0-9]*[a-z0-9])?"));
        }
        if (Text(names["kind"]) is { Length: > 0 } kind && kind == Text(names["listKind"]))
            errors.Add(FieldError.Invalid(path.Child("listKind"), kind, "kind and listKind must be different"));
        foreach (var field in (string[])["shortNames", "categories"])
        {
            if (names[field] is not JsonArray values) continue;
            for (var i = 0; i < values.Count; i++)
            {
                var value = Text(values[i]) ?? "";
                foreach (var m in NameValidation.IsDns1035Label(value)) errors.Add(FieldError.Invalid(path.Child(field).Index(i), value, m));
            }
        }
    }

    private static void ValidateVersions(JsonArray? versions, FieldPath path, List<FieldError> errors)
    {
        if (versions is null || versions.Count == 0)
        {
            errors.Add(FieldError.Invalid(path, "[]", "must have exactly one version marked as storage version"));
            return;
        }
        var storage = 0;
        var served = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < versions.Count; i++)
        {
            var p = path.Index(i);
            if (versions[i] is not JsonObject version)
            {
                errors.Add(FieldError.Required(p, ""));
                continue;
            }
            var name = Text(version["name"]) ?? "";
            if (name.Length == 0) errors.Add(FieldError.Required(p.Child("name"), ""));
            else if (!seen.Add(name)) errors.Add(FieldError.Invalid(path, name, "must contain unique version names"));
            else foreach (var m in NameValidation.IsDns1035Label(name)) errors.Add(FieldError.Invalid(p.Child("name"), name, m));
            if (IsTrue(version["storage"])) storage++;
            if (IsTrue(version["served"])) served++;
            if (version["schema"]?["openAPIV3Schema"] is not JsonObject schema)
                errors.Add(FieldError.Required(p.Child("schema", "openAPIV3Schema"), "schemas are required"));
            else CrdSchemaValidation.Validate(schema, p.Child("schema", "openAPIV3Schema"), errors);
            ValidateSubresources(version["subresources"] as JsonObject, p.Child("subresources"), errors);
            ValidateColumns(version["additionalPrinterColumns"] as JsonArray, p.Child("additionalPrinterColumns"), errors);
        }
        if (storage != 1) errors.Add(FieldError.Invalid(path, Summary(versions), "must have exactly one version marked as storage version"));
        if (served == 0) errors.Add(FieldError.Invalid(path, Summary(versions), "must have at least one version marked as served"));
    }

    private static void ValidateSubresources(JsonObject? subresources, FieldPath path, List<FieldError> errors)
    {
        if (subresources?["scale"] is not JsonObject scale) return;
        var p = path.Child("scale");
        if (Text(scale["specReplicasPath"]) is not { } spec) errors.Add(FieldError.Required(p.Child("specReplicasPath"), ""));
        else if (!IsSimplePath(spec, ".spec.")) errors.Add(FieldError.Invalid(p.Child("specReplicasPath"), spec, "should be a json path under .spec"));
        if (Text(scale["statusReplicasPath"]) is not { } status) errors.Add(FieldError.Required(p.Child("statusReplicasPath"), ""));
        else if (!IsSimplePath(status, ".status.")) errors.Add(FieldError.Invalid(p.Child("statusReplicasPath"), status, "should be a json path under .status"));
        if (Text(scale["labelSelectorPath"]) is { } selector && !IsSimplePath(selector, ".spec.") && !IsSimplePath(selector, ".status."))
            errors.Add(FieldError.Invalid(p.Child("labelSelectorPath"), selector, "should be a json path under either .spec or .status"));
    }

    private static void ValidateColumns(JsonArray? columns, FieldPath path, List<FieldError> errors)
    {
        for (var i = 0; columns is not null && i < columns.Count; i++)
        {
            var p = path.Index(i);
            var column = columns[i] as JsonObject;
            if (string.IsNullOrEmpty(Text(column?["name"]))) errors.Add(FieldError.Required(p.Child("name"), ""));
            var jsonPath = Text(column?["jsonPath"]);
            if (string.IsNullOrEmpty(jsonPath)) errors.Add(FieldError.Required(p.Child("jsonPath"), ""));
            else if (!jsonPath.StartsWith('.') || jsonPath.Contains('{') || jsonPath.Contains('}'))
                errors.Add(FieldError.Invalid(p.Child("jsonPath"), jsonPath, "must be a simple json path starting with ."));
            var type = Text(column?["type"]);
            if (string.IsNullOrEmpty(type)) errors.Add(FieldError.Required(p.Child("type"), ""));
            else if (!ColumnTypes.Contains(type)) errors.Add(FieldError.NotSupported(p.Child("type"), type, ColumnTypes));
            if (Text(column?["format"]) is { Length: > 0 } format && !ColumnFormats.Contains(format))
                errors.Add(FieldError.NotSupported(p.Child("format"), format, ColumnFormats));
            if (JsonNumbers.TryLong(column?["priority"], out var priority) && priority < 0)
                errors.Add(FieldError.Invalid(p.Child("priority"), priority, "must be greater than or equal to 0"));
        }
    }

    // A dotted path of plain field names below the prefix: ".spec.replicas".
    private static bool IsSimplePath(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.Ordinal) && path.Length > prefix.Length
        && path[1..].Split('.').All(s => s.Length > 0 && !s.Contains('[') && !s.Contains(']'));

    private static string Summary(JsonArray versions) =>
        string.Join(", ", versions.Select(v => Text(v?["name"]) ?? "").Where(n => n.Length > 0));

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool IsTrue(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}
