using Cluster.Api;
using Cluster.Runtime.Informers;

namespace Cluster.Runtime.Builder;

/// <summary>Filters for the events that trigger a reconcile (controller-runtime's predicates).</summary>
public static class Predicates
{
    /// <summary>
    /// Updates pass only when metadata.generation changed, i.e. the spec changed (status-only writes and resyncs are
    /// dropped). Adds and deletes pass.
    /// </summary>
    public static Func<InformerEvent<T>, bool> GenerationChanged<T>() where T : class, IKubernetesObject =>
        e => e.Type != InformerEventType.Updated || e.Old?.Metadata?.Generation != e.Object.Metadata?.Generation;

    /// <summary>Updates pass only when the labels changed.</summary>
    public static Func<InformerEvent<T>, bool> LabelsChanged<T>() where T : class, IKubernetesObject =>
        e => e.Type != InformerEventType.Updated || !SameLabels(e.Old?.Metadata?.Labels, e.Object.Metadata?.Labels);

    /// <summary>Only objects whose labels match <paramref name="selector"/> (Kubernetes selector text).</summary>
    public static Func<InformerEvent<T>, bool> Labels<T>(string selector) where T : class, IKubernetesObject
    {
        var parsed = Api.Selectors.LabelSelector.Parse(selector);
        return e => parsed.Matches(e.Object.Metadata?.Labels) || (e.Old is { } old && parsed.Matches(old.Metadata?.Labels));
    }

    private static bool SameLabels(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0)) return false;
        if (a is null || b is null) return true;
        foreach (var (k, v) in a)
            if (!b.TryGetValue(k, out var other) || other != v) return false;
        return true;
    }
}
