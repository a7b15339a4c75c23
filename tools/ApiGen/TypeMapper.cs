using System.Text.Json;

namespace Cluster.ApiGen;

/// <summary>
/// Maps a property schema to a C# type. References to selected definitions become generated records; the
/// apimachinery special types map to hand-written or BCL types (see <see cref="SpecialTypes"/>); definitions
/// that are arbitrary JSON (no properties) become JsonNode. Anything else is an error, so a new kind of schema
/// cannot be generated wrongly without notice.
/// </summary>
internal sealed class TypeMapper(Spec spec)
{
    private const string Serialization = "global::" + ApiSelection.RootNamespace + ".Serialization.";

    public static CsType Json { get; } = new("global::System.Text.Json.Nodes.JsonNode", CsTypeShape.Json, "JsonNode");

    private static readonly Dictionary<string, CsType> SpecialTypes = new(StringComparer.Ordinal)
    {
        ["io.k8s.apimachinery.pkg.api.resource.Quantity"] = new(Serialization + "ResourceQuantity", CsTypeShape.Scalar, "Quantity"),
        ["io.k8s.apimachinery.pkg.util.intstr.IntOrString"] = new(Serialization + "IntOrString", CsTypeShape.Scalar, "IntOrString"),
        ["io.k8s.apimachinery.pkg.apis.meta.v1.Time"] = new("global::System.DateTimeOffset", CsTypeShape.Scalar, "Time"),
        ["io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime"] = new("global::System.DateTimeOffset", CsTypeShape.Scalar, "MicroTime"),
    };

    /// <summary>True when the definition is generated as a record (it is selected and has properties).</summary>
    public bool IsModel(Definition definition) =>
        definition.HasProperties && ApiSelection.Packages.ContainsKey(definition.Package) && !SpecialTypes.ContainsKey(definition.FullName);

    public CsType ModelType(Definition definition)
    {
        var ns = ApiSelection.Packages[definition.Package];
        return new CsType($"global::{ApiSelection.RootNamespace}.{ns}.{definition.Name}", CsTypeShape.Model, ns.Replace(".", "", StringComparison.Ordinal) + definition.Name);
    }

    public CsType Map(JsonElement schema, string where)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            return MapReference(reference.GetString()!, where);
        }
        var type = schema.TryGetProperty("type", out var t) ? t.GetString() : null;
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        var mapped = (type, format) switch
        {
            ("string", "byte") => new CsType("global::System.ReadOnlyMemory<byte>", CsTypeShape.Scalar, "Bytes"),
            ("string", "date-time") => SpecialTypes["io.k8s.apimachinery.pkg.apis.meta.v1.Time"],
            ("string", _) => new CsType("string", CsTypeShape.Scalar, "String"),
            ("integer", "int32") => new CsType("int", CsTypeShape.Scalar, "Int32"),
            ("integer", _) => new CsType("long", CsTypeShape.Scalar, "Int64"),
            ("number", _) => new CsType("double", CsTypeShape.Scalar, "Double"),
            ("boolean", _) => new CsType("bool", CsTypeShape.Scalar, "Boolean"),
            ("array", _) => CsType.ListOf(Map(schema.GetProperty("items"), where)),
            ("object", _) when schema.TryGetProperty("additionalProperties", out var values) => CsType.MapOf(Map(values, where)),
            ("object", _) or (null, _) => Json,
            _ => throw new InvalidOperationException($"{where}: unsupported schema type {type}/{format}"),
        };
        return mapped;
    }

    private CsType MapReference(string reference, string where)
    {
        const string prefix = "#/definitions/";
        if (!reference.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{where}: unsupported reference {reference}");
        }
        var name = reference[prefix.Length..];
        if (SpecialTypes.TryGetValue(name, out var special))
        {
            return special;
        }
        var target = spec.Definitions[name];
        if (!target.HasProperties && target.Type is null or "object")
        {
            return Json;
        }
        if (IsModel(target))
        {
            return ModelType(target);
        }
        throw new InvalidOperationException($"{where}: refers to {name}, which is neither selected nor a special type");
    }
}
