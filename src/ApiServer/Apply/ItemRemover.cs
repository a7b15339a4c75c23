using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Apply;

/// <summary>
/// Removes the members of a field set from an object: a member field or item is dropped with everything below it;
/// a path that only leads to members is descended. A granular map or list left empty by the removal is dropped
/// too (the API server nulls it, which the typed object then omits). Atomic values are never entered.
/// </summary>
internal static class ItemRemover
{
    public static JsonNode? Remove(JsonNode? value, FieldSet toRemove, ApplyType type, SchemaDefaults defaults)
    {
        var (keep, result) = RemoveFrom(value, toRemove, type, defaults);
        return keep ? result : new JsonObject();
    }

    private static (bool Keep, JsonNode? Value) RemoveFrom(JsonNode? value, FieldSet toRemove, ApplyType type, SchemaDefaults defaults)
    {
        switch (value)
        {
            case JsonObject fields when type.AcceptsMap && !type.IsAtomicMap && fields.Count > 0:
                var remaining = new JsonObject();
                foreach (var (name, child) in fields)
                {
                    var element = PathElement.Field(name);
                    if (toRemove.HasMember(element))
                    {
                        continue;
                    }

                    var below = toRemove.WithPrefix(element);
                    if (below.IsEmpty)
                    {
                        remaining[name] = child?.DeepClone();
                        continue;
                    }

                    var (keep, reduced) = RemoveFrom(child, below, type.Field(name), defaults);
                    if (keep)
                    {
                        remaining[name] = reduced;
                    }
                }

                return (remaining.Count > 0, remaining);
            case JsonArray items when type.AcceptsList && type.ListKind != ListKind.Atomic && items.Count > 0:
                var kept = new JsonArray();
                var itemType = type.Items;
                foreach (var item in items)
                {
                    if (!type.TryItemElement(item, defaults, out var element))
                    {
                        kept.Add(item?.DeepClone());
                        continue;
                    }

                    if (toRemove.HasMember(element))
                    {
                        continue;
                    }

                    var below = toRemove.WithPrefix(element);
                    if (below.IsEmpty)
                    {
                        kept.Add(item?.DeepClone());
                        continue;
                    }

                    var (keep, reduced) = RemoveFrom(item, below, itemType, defaults);
                    if (keep)
                    {
                        kept.Add(reduced);
                    }
                }

                return (kept.Count > 0, kept);
            default:
                return (true, value?.DeepClone());
        }
    }
}
