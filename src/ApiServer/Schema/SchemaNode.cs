using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Schema;

/// <summary>
/// One node of a structural schema (OpenAPI v3 / CRD openAPIV3Schema): its type, children and the Kubernetes
/// extensions that drive patching and validation. Immutable and safe to share between threads. A node that
/// refers to another (<c>$ref</c>, or <c>allOf: [{$ref}]</c> with local extensions such as a field's patch
/// strategy) reports its own values where it declares them and the referenced node's otherwise; references are
/// resolved on first use, so recursive schemas (JSONSchemaProps) are fine. A reference that cannot be resolved,
/// or that only leads back to itself, behaves as <see cref="Unknown"/>.
/// </summary>
public sealed class SchemaNode
{
    private static readonly IReadOnlyDictionary<string, SchemaNode> NoProperties =
        FrozenDictionary<string, SchemaNode>.Empty;

    /// <summary>A free-form node: no declared type or fields, unknown fields preserved.</summary>
    public static SchemaNode Unknown { get; } = new() { LocalPreserveUnknownFields = true };

    internal SchemaNode()
    {
    }

    /// <summary>The component name for a named OpenAPI schema (e.g. <c>io.k8s.api.core.v1.Pod</c>), else null.</summary>
    public string? Name { get; internal init; }

    /// <summary>The name this node refers to through <c>$ref</c>, or null.</summary>
    public string? ReferenceName { get; internal init; }

    public SchemaType Type => LocalType ?? Base?.Type ?? SchemaType.Unknown;

    public string? Format => LocalFormat ?? Base?.Format;

    /// <summary>Declared fields by JSON name; empty when none are declared.</summary>
    public IReadOnlyDictionary<string, SchemaNode> Properties => LocalProperties ?? Base?.Properties ?? NoProperties;

    /// <summary>The element schema of an array, or null.</summary>
    public SchemaNode? Items => LocalItems ?? Base?.Items;

    /// <summary>The value schema of a map (<c>additionalProperties</c>; <see cref="Unknown"/> for <c>true</c>), or null.</summary>
    public SchemaNode? AdditionalProperties =>
        LocalAdditionalPropertiesDeclared ? LocalAdditionalProperties : Base?.AdditionalProperties;

    public IReadOnlyList<string> Required => LocalRequired ?? Base?.Required ?? [];

    /// <summary>The allowed values, or an empty list when any value is allowed.</summary>
    public IReadOnlyList<JsonElement> Enum => LocalEnum ?? Base?.Enum ?? [];

    public PatchStrategy PatchStrategy => LocalPatchStrategy ?? Base?.PatchStrategy ?? PatchStrategy.None;

    public string? PatchMergeKey => LocalPatchMergeKey ?? Base?.PatchMergeKey;

    public ListType ListType => LocalListType ?? Base?.ListType ?? ListType.None;

    public IReadOnlyList<string> ListMapKeys => LocalListMapKeys ?? Base?.ListMapKeys ?? [];

    public MapType MapType => LocalMapType ?? Base?.MapType ?? MapType.None;

    /// <summary>True for <c>x-kubernetes-int-or-string</c> or <c>format: int-or-string</c>.</summary>
    public bool IntOrString => LocalIntOrString ?? Base?.IntOrString ?? false;

    public bool PreserveUnknownFields => LocalPreserveUnknownFields ?? Base?.PreserveUnknownFields ?? false;

    public bool EmbeddedResource => LocalEmbeddedResource ?? Base?.EmbeddedResource ?? false;

    public bool Nullable => LocalNullable ?? Base?.Nullable ?? false;

    internal SchemaType? LocalType { get; init; }
    internal string? LocalFormat { get; init; }
    internal IReadOnlyDictionary<string, SchemaNode>? LocalProperties { get; init; }
    internal SchemaNode? LocalItems { get; init; }
    internal bool LocalAdditionalPropertiesDeclared { get; init; }
    internal SchemaNode? LocalAdditionalProperties { get; init; }
    internal IReadOnlyList<string>? LocalRequired { get; init; }
    internal IReadOnlyList<JsonElement>? LocalEnum { get; init; }
    internal PatchStrategy? LocalPatchStrategy { get; init; }
    internal string? LocalPatchMergeKey { get; init; }
    internal ListType? LocalListType { get; init; }
    internal IReadOnlyList<string>? LocalListMapKeys { get; init; }
    internal MapType? LocalMapType { get; init; }
    internal bool? LocalIntOrString { get; init; }
    internal bool? LocalPreserveUnknownFields { get; init; }
    internal bool? LocalEmbeddedResource { get; init; }
    internal bool? LocalNullable { get; init; }

    /// <summary>The node this one extends (its <c>$ref</c> or first <c>allOf</c> entry), resolved on first use.</summary>
    internal Lazy<SchemaNode>? BaseReference { get; init; }

    private SchemaNode? Base => BaseReference?.Value;

    /// <summary>
    /// The schema of the value stored under <paramref name="name"/> in an object of this schema: the declared
    /// property, else the <see cref="AdditionalProperties"/> schema, else null (an unknown field).
    /// </summary>
    public SchemaNode? Field(string name) =>
        Properties.TryGetValue(name, out var property) ? property : AdditionalProperties;

    /// <summary>
    /// Builds a schema from a JSON Schema object such as a CRD version's <c>openAPIV3Schema</c>. <c>$ref</c>s
    /// (which CRDs may not use) resolve to <see cref="Unknown"/>. The input is only read, never retained.
    /// </summary>
    public static SchemaNode FromJsonSchema(JsonObject schema) => new SchemaNodeBuilder(null).Build(schema);

    public override string ToString() => Name ?? ReferenceName ?? $"{Type} schema";
}
