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

    /// <summary>
    /// Set when a PreFilter plugin rejected the pod: its reasons, shown once in <see cref="Message"/> instead of counted
    /// over nodes (every node carries the same verdict).
    /// </summary>
    public string? PreFilterMessage { get; set; }

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
            var text = $"0/{NumAllNodes} nodes are available";
            if (PreFilterMessage is { Length: > 0 } preFilter) text += $": {preFilter}.";
            else if (ReasonCounts.Count == 0) text += ".";
            else text += $": {string.Join(", ", ReasonCounts.Select(kv => $"{kv.Value} {kv.Key}").Order(StringComparer.Ordinal))}.";
            return PostFilterMessage is { Length: > 0 } post ? $"{text} {post}" : text;
        }
    }
}
