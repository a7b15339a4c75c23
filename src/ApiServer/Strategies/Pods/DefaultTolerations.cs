using System.Text.Json.Nodes;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Pods;

/// <summary>
/// Upstream's DefaultTolerationSeconds admission: a new pod that does not already tolerate them gets tolerations of
/// the node.kubernetes.io/not-ready and node.kubernetes.io/unreachable NoExecute taints for 300 seconds, so that its
/// node's loss evicts it after five minutes rather than at once.
/// </summary>
public static class DefaultTolerations
{
    public const string NotReady = "node.kubernetes.io/not-ready";
    public const string Unreachable = "node.kubernetes.io/unreachable";
    public const long Seconds = 300;

    public static void Apply(JsonObject? spec)
    {
        if (spec is null) return;
        var existing = Node.Arr(spec, "tolerations");
        var tolerations = existing ?? [];
        var added = false;
        foreach (var key in (string[])[NotReady, Unreachable])
        {
            if (tolerations.OfType<JsonObject>().Any(t => Tolerates(t, key))) continue;
            tolerations.Add(new JsonObject { ["key"] = key, ["operator"] = "Exists", ["effect"] = "NoExecute", ["tolerationSeconds"] = Seconds });
            added = true;
        }
        if (added && existing is null) spec["tolerations"] = tolerations;
    }

    private static bool Tolerates(JsonObject toleration, string key)
    {
        var k = Node.S(toleration, "key");
        var effect = Node.S(toleration, "effect");
        return (k == key || k.Length == 0) && (effect == "NoExecute" || effect.Length == 0);
    }
}
