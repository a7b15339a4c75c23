using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Patching;

/// <summary>
/// Element order of merged strategic-merge-patch lists. Items named by the patch (or by its
/// <c>$setElementOrder</c> list) keep the patch's order; items only the server had keep their live order and are
/// interleaved by it: a server-only item goes before a patch item exactly when the live list had it earlier.
/// All lookups go through dictionaries, so ordering is O(n log n).
/// </summary>
internal static class SmpOrder
{
    /// <summary>Position of the first occurrence of each key in <paramref name="keys"/>.</summary>
    public static Dictionary<string, int> IndexOf(IEnumerable<string?> keys)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var position = 0;
        foreach (var key in keys)
        {
            if (key is not null)
            {
                index.TryAdd(key, position);
            }

            position++;
        }

        return index;
    }

    /// <summary>
    /// Orders <paramref name="merged"/>: items whose key is in <paramref name="patchOrder"/> sorted by it, the
    /// others sorted by <paramref name="serverOrder"/>, then the two interleaved by server order.
    /// </summary>
    public static List<JsonNode?> Normalize(
        IReadOnlyList<JsonNode?> merged,
        Func<JsonNode?, string?> keyOf,
        Dictionary<string, int> patchOrder,
        Dictionary<string, int> serverOrder)
    {
        var patchItems = new List<(JsonNode? Node, string? Key)>();
        var serverItems = new List<(JsonNode? Node, string? Key)>();
        foreach (var node in merged)
        {
            var key = keyOf(node);
            (key is not null && patchOrder.ContainsKey(key) ? patchItems : serverItems).Add((node, key));
        }

        var right = patchItems.OrderBy(item => Position(patchOrder, item.Key)).ToList();
        var left = serverItems.OrderBy(item => Position(serverOrder, item.Key)).ToList();
        var result = new List<JsonNode?>(merged.Count);
        int i = 0, j = 0;
        while (i < left.Count || j < right.Count)
        {
            if (j >= right.Count || (i < left.Count && ServerOrderFirst(left[i].Key, right[j].Key, serverOrder)))
            {
                result.Add(left[i++].Node);
            }
            else
            {
                result.Add(right[j++].Node);
            }
        }

        return result;
    }

    /// <summary>
    /// Checks that the patch list names its items in the same relative order as the <c>$setElementOrder</c> list
    /// and names no item missing from it (deleted and directive-only items aside).
    /// </summary>
    public static void Validate(JsonArray patchList, JsonArray order, Func<JsonNode?, string?> keyOf)
    {
        if (patchList.Count == 0 || order.Count == 0)
        {
            return;
        }

        var items = patchList.Where(item => item is not JsonObject obj || !obj.ContainsKey(SmpDirectives.Patch)
            || SmpDirectives.PatchDirective(obj) == SmpDirectives.Merge).ToList();
        int patchIndex = 0, orderIndex = 0;
        while (patchIndex < items.Count && orderIndex < order.Count)
        {
            if (keyOf(items[patchIndex]) == keyOf(order[orderIndex]))
            {
                patchIndex++;
            }

            orderIndex++;
        }

        if (patchIndex < items.Count)
        {
            throw PatchException.BadRequest(
                $"the order in patch list {patchList.ToJsonString()} doesn't match $setElementOrder list {order.ToJsonString()}");
        }
    }

    private static bool ServerOrderFirst(string? leftKey, string? rightKey, Dictionary<string, int> serverOrder) =>
        leftKey is not null && rightKey is not null
        && serverOrder.TryGetValue(leftKey, out var leftPosition)
        && serverOrder.TryGetValue(rightKey, out var rightPosition)
        && leftPosition < rightPosition;

    private static int Position(Dictionary<string, int> order, string? key) =>
        key is not null && order.TryGetValue(key, out var position) ? position : int.MaxValue;
}
