namespace Cluster.Controllers.Scheduling.Framework;

/// <summary>
/// One required anti-affinity term as carried by the pods present (equal terms of different pods are one group), with
/// how many carriers sit in each domain of the term's topology key. A pod the term selects must stay out of every
/// domain counted here.
/// </summary>
internal sealed class AntiAffinityGroup(AffinityTerm term)
{
    private readonly Dictionary<string, int> _carriers = new(StringComparer.Ordinal);

    public AffinityTerm Term => term;

    /// <summary>Carriers per value of <see cref="AffinityTerm.TopologyKey"/>; domains without carriers are absent.</summary>
    public IReadOnlyDictionary<string, int> Carriers => _carriers;

    internal bool IsEmpty => _carriers.Count == 0;

    internal void Add(string domain, int delta) => TopologyIndex.Adjust(_carriers, domain, delta);
}
