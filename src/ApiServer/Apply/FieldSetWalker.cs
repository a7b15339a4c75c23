using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Apply;

/// <summary>Walks one object for <see cref="FieldSetBuilder"/>, inserting the paths it sets.</summary>
internal sealed class FieldSetWalker(MutableFieldSet set, SchemaDefaults defaults, bool rejectDuplicates)
{
    private readonly List<PathElement> _path = [];

    public void Walk(JsonNode? value, ApplyType type)
    {
        switch (value)
        {
            case JsonObject fields when type.AcceptsMap:
                if (type.IsAtomicMap)
                {
                    set.Insert(_path);
                    return;
                }

                foreach (var (name, child) in fields)
                {
                    _path.Add(PathElement.Field(name));
                    Walk(child, type.Field(name));
                    if (child is null || child is JsonObject { Count: 0 } || !type.IsDeclaredField(name))
                    {
                        set.Insert(_path);
                    }

                    _path.RemoveAt(_path.Count - 1);
                }

                return;
            case JsonArray items when type.AcceptsList:
                if (type.ListKind == ListKind.Atomic)
                {
                    set.Insert(_path);
                    return;
                }

                WalkItems(items, type);
                return;
            case null when type.AcceptsMap || type.AcceptsList:
                // A null granular value adds nothing here; the enclosing object records the field itself.
                return;
            default:
                set.Insert(_path);
                return;
        }
    }

    private void WalkItems(JsonArray items, ApplyType type)
    {
        var elements = new PathElement[items.Count];
        var seen = new HashSet<PathElement>();
        var duplicates = new HashSet<PathElement>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            elements[i] = FieldSetBuilder.AtIndex(() => type.ItemElement(item, defaults), _path, i);
            if (!seen.Add(elements[i]))
            {
                if (rejectDuplicates)
                {
                    throw new ApplyException($"{new FieldPath(_path)}: duplicate entries for key {elements[i]}");
                }

                duplicates.Add(elements[i]);
            }
        }

        var itemType = type.Items;
        for (var i = 0; i < items.Count; i++)
        {
            _path.Add(elements[i]);
            if (!duplicates.Contains(elements[i]))
            {
                Walk(items[i], itemType);
            }

            // Duplicated items are owned as a whole, without their fields.
            set.Insert(_path);
            _path.RemoveAt(_path.Count - 1);
        }
    }
}
