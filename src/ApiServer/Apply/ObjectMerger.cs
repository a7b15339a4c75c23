using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Apply;

/// <summary>
/// Merges an applied configuration into a live object along the schema: granular maps merge per field, leaves and
/// atomic values take the configuration's value, sets and list-maps merge per item. Merged lists keep the live
/// items the configuration does not mention where they were, and put the configuration's items in its order.
/// Inputs are not modified.
/// </summary>
internal sealed class ObjectMerger
{
    private readonly List<PathElement> _path = [];
    private readonly SchemaDefaults _defaults;

    private ObjectMerger(SchemaDefaults defaults)
    {
        _defaults = defaults;
    }

    public static JsonNode? Merge(JsonNode? live, JsonNode? config, ApplyType type, SchemaDefaults defaults) =>
        new ObjectMerger(defaults).Merge(true, live, true, config, type);

    private JsonNode? Merge(bool leftPresent, JsonNode? left, bool rightPresent, JsonNode? right, ApplyType type)
    {
        if (!rightPresent)
        {
            return left?.DeepClone();
        }

        if (!leftPresent)
        {
            return right?.DeepClone();
        }

        if (ValueShapes.IsMapPair(left, right, type))
        {
            return MergeMap(left as JsonObject, right as JsonObject, type);
        }

        if (ValueShapes.IsListPair(left, right, type))
        {
            var l = left as JsonArray;
            var r = right as JsonArray;
            return type.ListKind == ListKind.Atomic || ((l?.Count ?? 0) == 0 && (r?.Count ?? 0) == 0)
                ? right?.DeepClone()
                : MergeItems(l, r, type);
        }

        return right?.DeepClone();
    }

    private JsonNode? MergeMap(JsonObject? left, JsonObject? right, ApplyType type)
    {
        if (type.IsAtomicMap || ((left?.Count ?? 0) == 0 && (right?.Count ?? 0) == 0))
        {
            return right?.DeepClone();
        }

        var result = new JsonObject();
        foreach (var (name, value) in left ?? [])
        {
            JsonNode? configured = null;
            var inConfig = right is not null && right.TryGetPropertyValue(name, out configured);
            _path.Add(PathElement.Field(name));
            result[name] = Merge(true, value, inConfig, configured, type.Field(name));
            _path.RemoveAt(_path.Count - 1);
        }

        foreach (var (name, value) in right ?? [])
        {
            if (left is null || !left.ContainsKey(name))
            {
                result[name] = value?.DeepClone();
            }
        }

        return result;
    }

    private JsonArray MergeItems(JsonArray? left, JsonArray? right, ApplyType type)
    {
        var (rightElements, rightItems) = Index(right, type, allowDuplicates: false);
        var (leftElements, leftItems) = Index(left, type, allowDuplicates: true);
        var shared = new Queue<PathElement>(rightElements.Where(leftItems.ContainsKey));
        PathElement? nextShared = shared.Count > 0 ? shared.Dequeue() : null;
        var merged = new HashSet<PathElement>();
        var result = new JsonArray();
        var itemType = type.Items;
        int l = 0, r = 0;
        while (l < leftElements.Count || r < rightElements.Count)
        {
            if (l < leftElements.Count && r < rightElements.Count)
            {
                var element = leftElements[l];
                if (element == rightElements[r])
                {
                    merged.Add(element);
                    result.Add(MergeItem(element, true, leftItems[element], true, rightItems[element], itemType));
                    l++;
                    r++;
                    nextShared = shared.Count > 0 ? shared.Dequeue() : null;
                    continue;
                }

                // A live item the config also lists waits for its place in the config's order.
                if (rightItems.ContainsKey(element) && nextShared is { } next && next != element)
                {
                    l++;
                    continue;
                }
            }

            if (l < leftElements.Count)
            {
                var element = leftElements[l];
                if (!rightItems.ContainsKey(element))
                {
                    result.Add(MergeItem(element, true, left![l], false, null, itemType));
                    l++;
                    continue;
                }

                if (merged.Contains(element))
                {
                    l++;
                }
            }

            if (r < rightElements.Count)
            {
                var element = rightElements[r];
                merged.Add(element);
                var inLive = leftItems.TryGetValue(element, out var live);
                result.Add(MergeItem(element, inLive, live, true, rightItems[element], itemType));
                r++;
                if (nextShared is { } next && next == element)
                {
                    nextShared = shared.Count > 0 ? shared.Dequeue() : null;
                }
            }
        }

        return result;
    }

    private JsonNode? MergeItem(PathElement element, bool leftPresent, JsonNode? left, bool rightPresent, JsonNode? right, ApplyType itemType)
    {
        _path.Add(element);
        var result = Merge(leftPresent, left, rightPresent, right, itemType);
        _path.RemoveAt(_path.Count - 1);
        return result;
    }

    /// <summary>
    /// The item identities in order (one per item) and the item for each identity; a duplicated live identity
    /// maps to null, like the API server, so the config's item replaces all of them.
    /// </summary>
    private (List<PathElement> Elements, Dictionary<PathElement, JsonNode?> Items) Index(JsonArray? items, ApplyType type, bool allowDuplicates)
    {
        var elements = new List<PathElement>();
        var byElement = new Dictionary<PathElement, JsonNode?>();
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            var item = items![i];
            var element = FieldSetBuilder.AtIndex(() => type.ItemElement(item, _defaults), _path, i);
            if (byElement.ContainsKey(element))
            {
                if (!allowDuplicates)
                {
                    throw new ApplyException($"{new FieldPath(_path)}: duplicate entries for key {element}");
                }

                byElement[element] = null;
            }
            else
            {
                byElement[element] = item;
            }

            elements.Add(element);
        }

        return (elements, byElement);
    }
}
