using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Schema;

namespace Cluster.ApiServer.Apply;

/// <summary>
/// The structured-merge-diff view of a <see cref="SchemaNode"/>, as the API server converts OpenAPI to its merge
/// schema: objects are granular unless <c>x-kubernetes-map-type: atomic</c>; undeclared fields follow
/// <c>additionalProperties</c> or are deduced (granular maps, atomic lists); lists follow
/// <c>x-kubernetes-list-type</c>, or a <c>merge</c> patch strategy (keyed by the patch merge key, else a set), and
/// are otherwise atomic; RawExtension is opaque.
/// </summary>
internal readonly record struct ApplyType(SchemaNode? Node, ApplyTypeFlavor Flavor)
{
    private const string RawExtension = "io.k8s.apimachinery.pkg.runtime.RawExtension";

    public static ApplyType Deduced => new(null, ApplyTypeFlavor.Deduced);

    public static ApplyType UntypedAtomic => new(null, ApplyTypeFlavor.UntypedAtomic);

    public static ApplyType None => new(null, ApplyTypeFlavor.None);

    public static ApplyType Of(SchemaNode node) =>
        node.Name == RawExtension || node.ReferenceName == RawExtension ? UntypedAtomic : new(node, ApplyTypeFlavor.Typed);

    public bool AcceptsMap => Flavor switch
    {
        ApplyTypeFlavor.Typed => Node!.Type is SchemaType.Object or SchemaType.Unknown,
        ApplyTypeFlavor.None => false,
        _ => true,
    };

    public bool AcceptsList => Flavor switch
    {
        ApplyTypeFlavor.Typed => Node!.Type is SchemaType.Array or SchemaType.Unknown,
        ApplyTypeFlavor.None => false,
        _ => true,
    };

    public bool IsAtomicMap => Flavor == ApplyTypeFlavor.UntypedAtomic || (Flavor == ApplyTypeFlavor.Typed && Node!.MapType == MapType.Atomic);

    /// <summary>True when <paramref name="name"/> is a declared property (a struct field, as opposed to a map key).</summary>
    public bool IsDeclaredField(string name) => Flavor == ApplyTypeFlavor.Typed && Node!.Properties.ContainsKey(name);

    public ApplyType Field(string name) => Flavor switch
    {
        ApplyTypeFlavor.Typed => Node!.Field(name) is { } field ? Of(field) : Deduced,
        ApplyTypeFlavor.Deduced => Deduced,
        ApplyTypeFlavor.UntypedAtomic => UntypedAtomic,
        _ => None,
    };

    public ApplyType Items => Flavor switch
    {
        ApplyTypeFlavor.Typed => Node!.Items is { } items ? Of(items) : UntypedAtomic,
        ApplyTypeFlavor.None => None,
        _ => UntypedAtomic,
    };

    public ListKind ListKind
    {
        get
        {
            if (Flavor != ApplyTypeFlavor.Typed)
            {
                return ListKind.Atomic;
            }

            return Node!.ListType switch
            {
                ListType.Map => ListMapKeys.Count > 0 ? ListKind.Map : ListKind.Set,
                ListType.Set => ListKind.Set,
                ListType.Atomic => ListKind.Atomic,
                _ when Node.PatchStrategy.HasFlag(PatchStrategy.Merge) => Node.PatchMergeKey is null ? ListKind.Set : ListKind.Map,
                _ => ListKind.Atomic,
            };
        }
    }

    public IReadOnlyList<string> ListMapKeys => Flavor != ApplyTypeFlavor.Typed ? []
        : Node!.ListType == ListType.Map ? Node.ListMapKeys
        : Node.ListType == ListType.None && Node.PatchMergeKey is { } key ? [key]
        : [];

    /// <summary>
    /// The element that identifies <paramref name="item"/> in a set or list-map of this type. Missing key fields take
    /// their schema default when there is one (ports default <c>protocol</c> to TCP).
    /// </summary>
    /// <exception cref="ApplyException">The item cannot be identified (null, wrong shape, or no key field at all).</exception>
    public PathElement ItemElement(JsonNode? item, SchemaDefaults defaults)
    {
        if (ListKind == ListKind.Map)
        {
            if (item is not JsonObject fields)
            {
                throw new ApplyException(item is null
                    ? "associative list with keys may not have a null element"
                    : "associative list with keys may not have non-map elements");
            }

            var keys = new List<KeyValuePair<string, JsonElement>>();
            foreach (var key in ListMapKeys)
            {
                if (fields.TryGetPropertyValue(key, out var value))
                {
                    keys.Add(KeyValuePair.Create(key, JsonValues.ToElement(value)));
                }
                else if (Items.Node is { } itemSchema && defaults.PropertyDefault(itemSchema, key) is { } fallback)
                {
                    keys.Add(KeyValuePair.Create(key, fallback));
                }
            }

            if (keys.Count == 0)
            {
                throw new ApplyException(
                    $"associative list with keys has an element that omits all key fields [{string.Join(" ", ListMapKeys.Select(GoJson.Quote))}] (and doesn't have default values for any key fields)");
            }

            return PathElement.Key(keys);
        }

        return item switch
        {
            JsonObject => throw new ApplyException("associative list without keys has an element that's a map type"),
            JsonArray => throw new ApplyException("not supported: associative list with lists as elements"),
            null => throw new ApplyException("associative list without keys has an element that's an explicit null"),
            _ => PathElement.SetValue(item),
        };
    }

    public bool TryItemElement(JsonNode? item, SchemaDefaults defaults, out PathElement element)
    {
        try
        {
            element = ItemElement(item, defaults);
            return true;
        }
        catch (ApplyException)
        {
            element = default;
            return false;
        }
    }
}
