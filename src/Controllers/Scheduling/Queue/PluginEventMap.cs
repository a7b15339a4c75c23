namespace Cluster.Controllers.Scheduling.Queue;

/// <summary>
/// Which cluster events can make a pod rejected by a given plugin schedulable: the coarse level of upstream's
/// QueueingHints (events registered through EnqueueExtensions, without per-event hint functions). Immutable.
/// A plugin that is not in the map is treated as interested in every event, so a pod it rejected is never stranded
/// until the unschedulable timeout, as upstream does for plugins that register nothing.
/// </summary>
public sealed class PluginEventMap
{
    private readonly Dictionary<string, ClusterEvent[]> _events;

    public PluginEventMap(IReadOnlyDictionary<string, IReadOnlyList<ClusterEvent>> eventsByPlugin)
    {
        _events = eventsByPlugin.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>A map with no registrations: every plugin is interested in every event.</summary>
    public static PluginEventMap Empty { get; } = new(new Dictionary<string, IReadOnlyList<ClusterEvent>>());

    /// <summary>True when <paramref name="happened"/> may resolve a rejection by <paramref name="plugin"/>.</summary>
    public bool IsInterested(string plugin, ClusterEvent happened)
    {
        if (happened.IsWildCard || !_events.TryGetValue(plugin, out var registered)) return true;
        foreach (var e in registered)
        {
            if (e.Matches(happened)) return true;
        }
        return false;
    }

    /// <summary>True when at least one of <paramref name="rejectors"/> is interested (or none is known: an empty set).</summary>
    public bool AnyInterested(IReadOnlySet<string> rejectors, ClusterEvent happened)
    {
        if (rejectors.Count == 0) return true;
        foreach (var plugin in rejectors)
        {
            if (IsInterested(plugin, happened)) return true;
        }
        return false;
    }
}
