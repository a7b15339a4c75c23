using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Apply;

/// <summary>
/// Compares an old and a new object field by field along the schema. Leaves (scalars, atomic values, empty
/// granular maps or lists) are added, removed or modified; a granular map or list item that appears or disappears
/// as a whole is also itself added or removed. Items of sets and list-maps are matched by identity, not position.
/// </summary>
internal sealed class ObjectComparer
{
    private readonly MutableFieldSet _added = new();
    private readonly MutableFieldSet _modified;
    private readonly MutableFieldSet? _removed;
    private readonly List<PathElement> _path = [];
    private readonly SchemaDefaults _defaults;
    private readonly FieldSet? _skipped;

    private ObjectComparer(SchemaDefaults defaults, bool changesOnly, FieldSet? skipped)
    {
        _defaults = defaults;
        _skipped = skipped is { IsEmpty: false } ? skipped : null;
        _modified = changesOnly ? _added : new();
        _removed = changesOnly ? null : new();
    }

    /// <param name="skipped">
    /// Top-level fields not to compare (their differences would be dropped anyway, e.g. the spec a status write
    /// resets): only its top-level members count.
    /// </param>
    public static Comparison Compare(JsonNode? old, JsonNode? updated, ApplyType type, SchemaDefaults defaults, FieldSet? skipped = null)
    {
        var comparer = new ObjectComparer(defaults, changesOnly: false, skipped);
        comparer.Visit(true, old, true, updated, type);
        return new(comparer._added.ToFieldSet(), comparer._modified.ToFieldSet(), comparer._removed!.ToFieldSet());
    }

    /// <summary>
    /// <see cref="Comparison.Changed"/> alone (added and modified fields, collected into one set), for writes where
    /// what was removed does not matter.
    /// </summary>
    public static FieldSet Changes(JsonNode? old, JsonNode? updated, ApplyType type, SchemaDefaults defaults, FieldSet? skipped = null)
    {
        var comparer = new ObjectComparer(defaults, changesOnly: true, skipped);
        comparer.Visit(true, old, true, updated, type);
        return comparer._added.ToFieldSet();
    }

    private void Visit(bool leftPresent, JsonNode? left, bool rightPresent, JsonNode? right, ApplyType type)
    {
        // Most of an updated object is what it was (a status write leaves spec and metadata alone): a plain structural
        // comparison recognises an unchanged subtree far more cheaply than walking it along the schema.
        if (leftPresent && rightPresent && _path.Count > 0 && left is JsonObject or JsonArray && JsonValues.NodesEqual(left, right))
        {
            return;
        }

        bool leaf;
        if (ValueShapes.IsMapPair(left, right, type))
        {
            leaf = VisitMap(leftPresent, left as JsonObject, rightPresent, right as JsonObject, type);
        }
        else if (ValueShapes.IsListPair(left, right, type))
        {
            leaf = VisitList(leftPresent, left as JsonArray, rightPresent, right as JsonArray, type);
        }
        else
        {
            Leaf(leftPresent, left, rightPresent, right);
            leaf = true;
        }

        if (!leaf)
        {
            if (!leftPresent)
            {
                _added.Insert(_path);
            }
            else if (!rightPresent)
            {
                _removed?.Insert(_path);
            }
        }
    }

    private void Leaf(bool leftPresent, JsonNode? left, bool rightPresent, JsonNode? right)
    {
        if (!leftPresent)
        {
            _added.Insert(_path);
        }
        else if (!rightPresent)
        {
            _removed?.Insert(_path);
        }
        else if (!JsonValues.NodesEqual(left, right))
        {
            _modified.Insert(_path);
        }
    }

    private bool VisitMap(bool leftPresent, JsonObject? left, bool rightPresent, JsonObject? right, ApplyType type)
    {
        if (type.IsAtomicMap || ((left?.Count ?? 0) == 0 && (right?.Count ?? 0) == 0))
        {
            Leaf(leftPresent, left, rightPresent, right);
            return true;
        }

        if (left is not null)
        {
            foreach (var (name, l) in left)
            {
                JsonNode? r = null;
                var hasRight = right is not null && right.TryGetPropertyValue(name, out r);
                VisitField(name, true, l, hasRight, r, type);
            }
        }

        if (right is not null)
        {
            foreach (var (name, r) in right)
            {
                if (left is null || !left.ContainsKey(name))
                {
                    VisitField(name, false, null, true, r, type);
                }
            }
        }

        return false;
    }

    private void VisitField(string name, bool leftPresent, JsonNode? left, bool rightPresent, JsonNode? right, ApplyType type)
    {
        var element = PathElement.Field(name);
        if (_path.Count == 0 && _skipped is not null && _skipped.HasMember(element)) return;
        _path.Add(element);
        Visit(leftPresent, left, rightPresent, right, type.Field(name));
        _path.RemoveAt(_path.Count - 1);
    }

    private bool VisitList(bool leftPresent, JsonArray? left, bool rightPresent, JsonArray? right, ApplyType type)
    {
        if (type.ListKind == ListKind.Atomic || ((left?.Count ?? 0) == 0 && (right?.Count ?? 0) == 0))
        {
            Leaf(leftPresent, left, rightPresent, right);
            return true;
        }

        var order = new List<PathElement>();
        var leftItems = Index(left, type, order);
        var rightItems = Index(right, type, order);
        var itemType = type.Items;
        foreach (var element in order)
        {
            var l = leftItems.GetValueOrDefault(element) ?? [];
            var r = rightItems.GetValueOrDefault(element) ?? [];
            _path.Add(element);
            if (l.Count <= 1 && r.Count <= 1)
            {
                Visit(l.Count == 1, l.FirstOrDefault(), r.Count == 1, r.FirstOrDefault(), itemType);
            }
            else if (l.Count >= 2 && r.Count >= 2)
            {
                if (l.Count != r.Count || l.Zip(r).Any(pair => !JsonValues.NodesEqual(pair.First, pair.Second)))
                {
                    _modified.Insert(_path);
                }
            }
            else if (l.Count >= 2)
            {
                if (r.Count != 0)
                {
                    Visit(false, null, true, r[0], itemType);
                }

                _removed?.Insert(_path);
            }
            else
            {
                if (l.Count != 0)
                {
                    Visit(true, l[0], false, null, itemType);
                }

                _added.Insert(_path);
            }

            _path.RemoveAt(_path.Count - 1);
        }

        return false;
    }

    private Dictionary<PathElement, List<JsonNode?>> Index(JsonArray? items, ApplyType type, List<PathElement> order)
    {
        var result = new Dictionary<PathElement, List<JsonNode?>>();
        if (items is null)
        {
            return result;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var element = FieldSetBuilder.AtIndex(() => type.ItemElement(item, _defaults), _path, i);
            if (!result.TryGetValue(element, out var list))
            {
                result[element] = list = [];
                if (!order.Contains(element))
                {
                    order.Add(element);
                }
            }

            list.Add(item);
        }

        return result;
    }
}
