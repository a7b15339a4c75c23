using Cluster.Api.Core.V1;
using Cluster.Api.Selectors;
using Cluster.Controllers.Common;

namespace Cluster.Controllers.Scheduling.Framework;

/// <summary>
/// A pod (anti-)affinity term parsed once: which pods it selects (matchLabelKeys and mismatchLabelKeys folded into
/// the selector from the owning pod's labels), in which namespaces (the listed ones; the owner's own when neither
/// list nor selector is given; <see cref="NamespaceSelector"/> to match namespace labels), over which topology key.
/// </summary>
public sealed record AffinityTerm(LabelSelector Selector, IReadOnlySet<string> Namespaces, LabelSelector? NamespaceSelector, string TopologyKey, int Weight)
{
    public static AffinityTerm Of(PodAffinityTerm term, Pod owner, int weight = 1)
    {
        var requirements = LabelSelectors.FromOrNothing(term.LabelSelector) is { IsNothing: false } selector ? selector.Requirements.ToList() : null;
        var labels = owner.Metadata?.Labels;
        if (requirements is not null && labels is not null)
        {
            foreach (var key in term.MatchLabelKeys ?? [])
                if (labels.TryGetValue(key, out var value)) requirements.Add(LabelRequirement.Create(key, LabelOperator.In, [value]));
            foreach (var key in term.MismatchLabelKeys ?? [])
                if (labels.TryGetValue(key, out var value)) requirements.Add(LabelRequirement.Create(key, LabelOperator.NotIn, [value]));
        }
        var namespaces = new HashSet<string>(term.Namespaces ?? [], StringComparer.Ordinal);
        var namespaceSelector = term.NamespaceSelector is null ? null : LabelSelectors.FromOrNothing(term.NamespaceSelector);
        if (namespaces.Count == 0 && namespaceSelector is null) namespaces.Add(owner.Metadata?.Namespace ?? "");
        return new AffinityTerm(
            requirements is null ? LabelSelector.Nothing : LabelSelector.FromRequirements(requirements),
            namespaces, namespaceSelector, term.TopologyKey ?? "", weight);
    }

    private string? _key;

    /// <summary>A canonical text of what the term selects and over which key (not its weight): equal for equal terms.</summary>
    public string Key => _key ??= string.Join('|',
        Selector.IsNothing ? "!" : Selector.ToString(),
        string.Join(',', Namespaces.Order(StringComparer.Ordinal)),
        NamespaceSelector is null ? "" : NamespaceSelector.IsNothing ? "!" : "ns:" + NamespaceSelector,
        TopologyKey);

    /// <summary>Whether <paramref name="pod"/> is one the term selects; <paramref name="namespaceLabels"/> resolves a namespace's labels for namespace selectors.</summary>
    public bool Matches(PodInfo pod, Func<string, IReadOnlyDictionary<string, string>?> namespaceLabels)
    {
        var ns = pod.Namespace;
        var inNamespace = Namespaces.Contains(ns) || (NamespaceSelector is { } s && s.Matches(namespaceLabels(ns)));
        return inNamespace && Selector.Matches(pod.Labels);
    }
}
