using System.Text.Json.Nodes;
using Cluster.ApiServer.Printing;
using Cluster.ApiServer.Registry;
using Cluster.ApiServer.Schema;

namespace Cluster.ApiServer.CustomResources;

/// <summary>
/// Turns CustomResourceDefinition objects into served resources: one <see cref="ResourceDefinition"/> per served
/// version (custom strategy, structural schema, printer columns, apiVersion conversion to the storage version).
/// Names are accepted first come, first served: a CRD whose plural, kind or short names clash with a built-in
/// resource or an older CRD of the same group is not served. Pure: reads its input, returns new objects.
/// </summary>
public static class CustomResourceDefinitions
{
    /// <summary>The resources of <paramref name="crd"/> (empty when it has no usable version).</summary>
    public static IEnumerable<ResourceDefinition> Resources(JsonObject crd)
    {
        var spec = (JsonObject)crd["spec"]!;
        var group = (string)spec["group"]!;
        var names = (JsonObject)spec["names"]!;
        var versions = (spec["versions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var storage = versions.FirstOrDefault(v => IsTrue(v["storage"]));
        if (storage is null) yield break;
        var storageApiVersion = $"{group}/{(string?)storage["name"]}";
        var terminating = crd["metadata"]?["deletionTimestamp"] is not null;
        var plural = (string)names["plural"]!;
        var kind = (string)names["kind"]!;
        foreach (var version in versions.Where(v => IsTrue(v["served"])))
        {
            var name = (string)version["name"]!;
            var declared = version["schema"]?["openAPIV3Schema"] as JsonObject ?? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
            var schema = ValidationSchema.Compile(declared);
            var hasStatus = version["subresources"]?["status"] is JsonObject;
            var scale = version["subresources"]?["scale"] as JsonObject;
            var apiVersion = $"{group}/{name}";
            yield return new ResourceDefinition
            {
                Group = group,
                Version = name,
                Kind = kind,
                ListKind = (string?)names["listKind"] is { Length: > 0 } listKind ? listKind : kind + "List",
                Plural = plural,
                Singular = (string?)names["singular"] is { Length: > 0 } singular ? singular : kind.ToLowerInvariant(),
                Namespaced = (string?)spec["scope"] == "Namespaced",
                ShortNames = Strings(names["shortNames"]),
                Categories = Strings(names["categories"]),
                HasStatus = hasStatus,
                HasScale = scale is not null,
                ScalePaths = scale is null ? null : new ScalePaths((string?)scale["specReplicasPath"] ?? ".spec.replicas",
                    (string?)scale["statusReplicasPath"] ?? ".status.replicas", (string?)scale["labelSelectorPath"]),
                StorageResource = $"{group}/{plural}",
                Strategy = new CustomResourceStrategy(schema, hasStatus),
                Schema = SchemaNode.FromJsonSchema(WithObjectMeta(declared)),
                Printer = new CustomColumnsPrinter(Columns(version)),
                Converter = apiVersion == storageApiVersion && !schema.HasDefaults ? null : new CustomResourceConverter(storageApiVersion, apiVersion, schema),
                Custom = new CustomResourceVersion((string?)crd["metadata"]?["name"] ?? $"{plural}.{group}", schema, ValidationSchema.Element(declared), storageApiVersion),
                Terminating = terminating,
                VersionPriority = KubeVersionPriority(name),
            };
        }
    }

    /// <summary>
    /// Why <paramref name="crd"/>'s names cannot be served next to <paramref name="served"/>, or null when they can:
    /// within a group, plural, singular and short names must not be another resource's, nor kind and listKind
    /// another's kind or list kind.
    /// </summary>
    public static string? NameConflict(JsonObject crd, IEnumerable<ResourceDefinition> served)
    {
        var spec = crd["spec"] as JsonObject;
        var group = (string?)spec?["group"];
        var names = spec?["names"] as JsonObject;
        var usedResources = new HashSet<string>(StringComparer.Ordinal);
        var usedKinds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in served.Where(r => r.Group == group))
        {
            usedResources.Add(r.Plural);
            usedResources.Add(r.Singular);
            usedResources.UnionWith(r.ShortNames);
            usedKinds.Add(r.Kind);
            usedKinds.Add(r.ListKind);
        }
        foreach (var field in (string[])["plural", "singular"])
            if ((string?)names?[field] is { Length: > 0 } value && usedResources.Contains(value)) return $"\"{value}\" is already in use";
        foreach (var shortName in Strings(names?["shortNames"]))
            if (usedResources.Contains(shortName)) return $"\"{shortName}\" is already in use";
        foreach (var field in (string[])["kind", "listKind"])
            if ((string?)names?[field] is { Length: > 0 } value && usedKinds.Contains(value)) return $"\"{value}\" is already in use";
        return null;
    }

    /// <summary>Orders versions as Kubernetes does: GA above beta above alpha, then by number (v2 above v1).</summary>
    public static int KubeVersionPriority(string version)
    {
        var match = System.Text.RegularExpressions.Regex.Match(version, "^v(\\d+)(?:(alpha|beta)(\\d+))?$");
        if (!match.Success) return 0;
        var major = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var stage = match.Groups[2].Value switch { "" => 3, "beta" => 2, _ => 1 };
        var minor = match.Groups[3].Success ? int.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return (stage * 1_000_000) + (major * 1000) + minor;
    }

    private static IEnumerable<CustomColumn> Columns(JsonObject version)
    {
        var columns = (version["additionalPrinterColumns"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (columns.Count == 0) return [new CustomColumn("Age", "date", "", "", 0, ".metadata.creationTimestamp")];
        return columns.Select(c => new CustomColumn((string?)c["name"] ?? "", (string?)c["type"] ?? "string", (string?)c["format"] ?? "",
            (string?)c["description"] ?? "", (int?)c["priority"] ?? 0, (string?)c["jsonPath"] ?? ""));
    }

    // Field pruning and managed fields need metadata to be known: the CRD schema leaves it out (or limits it to name).
    private static JsonObject WithObjectMeta(JsonObject schema)
    {
        var copy = (JsonObject)schema.DeepClone();
        var properties = copy["properties"] as JsonObject ?? (JsonObject)(copy["properties"] = new JsonObject());
        properties["metadata"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        properties["apiVersion"] = new JsonObject { ["type"] = "string" };
        properties["kind"] = new JsonObject { ["type"] = "string" };
        return copy;
    }

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray a ? [.. a.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>()] : [];

    private static bool IsTrue(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}
