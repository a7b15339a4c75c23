using Cluster.Api.Policy.V1;
using Cluster.Api.Selectors;
using Cluster.Controllers.Common;
using Cluster.Controllers.Scheduling.Framework;

namespace Cluster.Controllers.Scheduling.Preemption;

/// <summary>
/// Which victims would break a PodDisruptionBudget, as upstream's filterPodsWithPDBViolation: walking the victims in
/// the given order, each one a budget in the same namespace selects (a null or empty selector selects nothing, an
/// invalid one is skipped) uses up one of its status.disruptionsAllowed, unless status.disruptedPods already lists
/// it; a victim that takes any budget below zero is violating. Both groups keep the input order.
/// </summary>
public static class PdbViolations
{
    public static (List<PodInfo> Violating, List<PodInfo> NonViolating) Split(IReadOnlyList<PodInfo> victims, IReadOnlyList<PodDisruptionBudget> pdbs)
    {
        var allowed = new int[pdbs.Count];
        var selectors = new LabelSelector?[pdbs.Count];
        for (var i = 0; i < pdbs.Count; i++)
        {
            allowed[i] = pdbs[i].Status?.DisruptionsAllowed ?? 0;
            selectors[i] = SelectorOf(pdbs[i]);
        }
        var violating = new List<PodInfo>();
        var nonViolating = new List<PodInfo>();
        foreach (var victim in victims)
        {
            var violates = false;
            if (victim.Labels is { Count: > 0 } labels)
            {
                for (var i = 0; i < pdbs.Count; i++)
                {
                    var pdb = pdbs[i];
                    if ((pdb.Metadata?.Namespace ?? "") != victim.Namespace || selectors[i] is not { } selector || !selector.Matches(labels)) continue;
                    if (pdb.Status?.DisruptedPods is { } disrupted && disrupted.ContainsKey(victim.Key.Name)) continue;
                    if (--allowed[i] < 0) violates = true;
                }
            }
            (violates ? violating : nonViolating).Add(victim);
        }
        return (violating, nonViolating);
    }

    /// <summary>The budget's selector, or null when it selects nothing (null, empty or invalid).</summary>
    private static LabelSelector? SelectorOf(PodDisruptionBudget pdb)
    {
        if (pdb.Spec?.Selector is not { } model) return null;
        try
        {
            var selector = LabelSelectors.From(model);
            return selector.IsNothing || selector.IsEverything ? null : selector;
        }
        catch (SelectorParseException)
        {
            return null;
        }
    }
}
