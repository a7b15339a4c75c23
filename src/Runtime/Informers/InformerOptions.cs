using Cluster.Api;

namespace Cluster.Runtime.Informers;

/// <summary>What an informer watches and how it keeps its cache.</summary>
public sealed record InformerOptions<T> where T : class, IKubernetesObject
{
    /// <summary>Only this namespace; null for all (and for cluster-scoped kinds).</summary>
    public string? Namespace { get; init; }

    public string? LabelSelector { get; init; }

    /// <summary>E.g. <c>spec.nodeName=node-1</c> for a kubelet's pods.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>When set, every cached object is delivered again as an update this often (old == new).</summary>
    public TimeSpan? ResyncPeriod { get; init; }

    /// <summary>Objects per list page.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>
    /// Applied to each object before it is cached. The default drops metadata.managedFields, which controllers
    /// never read from a cache and which is often the largest part of an object. Return the argument to keep it whole.
    /// </summary>
    public Func<T, T>? Transform { get; init; }

    /// <summary>Indexes besides namespace and owner: name to the index values of an object.</summary>
    public IReadOnlyDictionary<string, Func<T, IEnumerable<string>>>? Indexers { get; init; }
}
