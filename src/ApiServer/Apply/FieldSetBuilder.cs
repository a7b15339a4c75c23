using System.Text.Json.Nodes;
using Cluster.ApiServer.Schema;

namespace Cluster.ApiServer.Apply;

/// <summary>
/// The set of fields an object sets, following its schema as the API server's field manager does: every scalar
/// and every atomic value (atomic maps and lists, lists without a list type) is a leaf; granular objects recurse
/// per field, and a map key, a null value or an empty object is also a member itself; list-map items
/// (<c>k:</c>) and set items (<c>v:</c>) are members and list-map items recurse. An empty granular list adds
/// nothing. The set is the raw one: the API server later strips apiVersion, kind and server-managed metadata
/// (name, namespace, uid, resourceVersion, ...) from what a manager owns; <see cref="ServerSideApply"/> and
/// <see cref="ManagedFieldsTracker"/> do that.
/// </summary>
public static class FieldSetBuilder
{
    /// <exception cref="ApplyException">A list-map or set item cannot be identified (missing keys, null item).</exception>
    public static FieldSet FromObject(JsonNode obj, SchemaNode schema, SchemaDefaults? defaults = null) =>
        FromObject(obj, ApplyType.Of(schema), defaults ?? SchemaDefaults.None);

    /// <param name="rejectDuplicates">Fail on two items with the same identity (an applied configuration may not have them).</param>
    internal static FieldSet FromObject(JsonNode? obj, ApplyType type, SchemaDefaults defaults, bool rejectDuplicates = false)
    {
        var set = new MutableFieldSet();
        new FieldSetWalker(set, defaults, rejectDuplicates).Walk(obj, type);
        return set.ToFieldSet();
    }

    /// <summary>Runs <paramref name="identify"/>, prefixing a failure with the list's path and the item's index.</summary>
    internal static PathElement AtIndex(Func<PathElement> identify, List<PathElement> path, int index)
    {
        try
        {
            return identify();
        }
        catch (ApplyException error)
        {
            throw new ApplyException($"{new FieldPath(path)}: element {index}: {error.Message}");
        }
    }
}
