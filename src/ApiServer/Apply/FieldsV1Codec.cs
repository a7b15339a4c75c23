using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Apply;

/// <summary>
/// The FieldsV1 trie encoding of a <see cref="FieldSet"/>: each key is a serialized <see cref="PathElement"/>;
/// <c>{}</c> marks a member with nothing below it; a member that also has children carries a <c>"."</c> entry.
/// Keys with an unknown prefix are dropped on decoding, like the API server does.
/// </summary>
internal static class FieldsV1Codec
{
    public static JsonObject Encode(FieldSet set)
    {
        var result = new JsonObject();
        EmitContents(set, includeSelf: false, result);
        return result;
    }

    private static void EmitContents(FieldSet set, bool includeSelf, JsonObject target)
    {
        if (includeSelf && !set.IsEmpty)
        {
            target["."] = new JsonObject();
        }

        var members = set.Members;
        var children = set.Children;
        int m = 0, c = 0;
        while (m < members.Count || c < children.Count)
        {
            var order = m == members.Count ? 1 : c == children.Count ? -1 : members[m].CompareTo(children[c].Element);
            if (order < 0)
            {
                target[members[m].ToFieldsV1Key()] = new JsonObject();
                m++;
                continue;
            }

            var child = new JsonObject();
            EmitContents(children[c].Set, includeSelf: order == 0, child);
            target[children[c].Element.ToFieldsV1Key()] = child;
            if (order == 0)
            {
                m++;
            }

            c++;
        }
    }

    public static FieldSet Decode(JsonObject fieldsV1)
    {
        var (children, _) = Read(fieldsV1);
        return children?.ToFieldSet() ?? FieldSet.Empty;
    }

    /// <summary>Reads one level: the subset below it (null when nothing was found) and whether the level is itself a member.</summary>
    private static (MutableFieldSet? Children, bool IsMember) Read(JsonObject level)
    {
        MutableFieldSet? children = null;
        var sawSelf = false;
        foreach (var (key, value) in level)
        {
            if (key == ".")
            {
                sawSelf = true;
                continue;
            }

            if (PathElement.ParseKnown(key) is not { } element)
            {
                continue;
            }

            if (value is not JsonObject nested)
            {
                throw new FormatException($"fieldsV1 entry {key} is not a JSON object");
            }

            var (grandchildren, childIsMember) = Read(nested);
            if (childIsMember)
            {
                children ??= new MutableFieldSet();
                children.AddMember(element);
            }

            if (grandchildren is not null)
            {
                children ??= new MutableFieldSet();
                children.SetChild(element, grandchildren);
            }
        }

        return (children, sawSelf || children is null);
    }
}
