namespace Cluster.Controllers.Scheduling.Framework;

/// <summary>
/// Why a pod fits no node: the reasons counted over nodes, and per node the verdict (preemption tries only nodes
/// whose rejection is resolvable). <see cref="Message"/> is upstream's, e.g. "0/5 nodes are available: 3
/// Insufficient cpu, 2 node(s) had untolerated taint {key: value}."
/// </summary>
public sealed class FitError(int numAllNodes)
{
    public int NumAllNodes => numAllNodes;

    public Dictionary<string, int> ReasonCounts { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, FilterResult> NodeResults { get; } = new(StringComparer.Ordinal);

    public HashSet<string> RejectingPlugins { get; } = new(StringComparer.Ordinal);

    /// <summary>Extra text after the reasons, such as the preemption outcome.</summary>
    public string? PostFilterMessage { get; set; }

    public void Record(string plugin, string node, FilterResult result)
    {
        RejectingPlugins.Add(plugin);
        NodeResults[node] = result;
        foreach (var reason in result.Reasons ?? []) ReasonCounts[reason] = ReasonCounts.GetValueOrDefault(reason) + 1;
    }

    public string Message
    {
        get
        {
            var reasons = ReasonCounts.Select(kv => $"{kv.Value} {kv.Key}").Order(StringComparer.Ordinal);
            var text = $"0/{NumAllNodes} nodes are available";
            text += ReasonCounts.Count == 0 ? "." : $": {string.Join(", ", reasons)}.";
            return PostFilterMessage is { Length: > 0 } post ? $"{text} {post}" : text;
        }
    }
}
