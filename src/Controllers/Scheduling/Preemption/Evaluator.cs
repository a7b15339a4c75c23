using Cluster.Api.Core.V1;
using Cluster.Api.Policy.V1;
using Cluster.Controllers.Scheduling.Framework;

namespace Cluster.Controllers.Scheduling.Preemption;

/// <summary>
/// Upstream's DefaultPreemption PostFilter, as a pure decision: for a pod that fits no node, whether it may preempt,
/// on which node, and which pods must go. It reads the snapshot and runs the algorithm's plugins on copies of nodes;
/// it changes nothing and calls nothing outside (the caller deletes victims and records the nomination). Candidate
/// nodes are those the filters rejected for reasons preemption can resolve (and those not evaluated); a random
/// offset into them spreads the dry runs, as upstream. Not thread-safe (the random source): one cycle at a time.
/// </summary>
public sealed class Evaluator(PreemptionArgs? args = null, Random? random = null)
{
    public const string PluginName = "DefaultPreemption";
    public const string NotHelpful = "Preemption is not helpful for scheduling";

    private readonly PreemptionArgs _args = args ?? new PreemptionArgs();
    private readonly Random _random = random ?? new Random();

    /// <summary>
    /// Decides preemption for <paramref name="preemptor"/> (its latest version: eligibility reads
    /// status.nominatedNodeName) after <paramref name="fitError"/> from scheduling it on <paramref name="snapshot"/>
    /// with <paramref name="algorithm"/>. <paramref name="nominatedPods"/> gives the pods nominated to a node (the
    /// queue's nominator); those of at least the preemptor's priority must still fit beside it.
    /// </summary>
    public PreemptionResult Preempt(PodInfo preemptor, FitError fitError, Snapshot snapshot, SchedulingAlgorithm algorithm,
        IReadOnlyList<PodDisruptionBudget> pdbs, Func<string, IReadOnlyList<Pod>>? nominatedPods = null)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(pdbs);
        if (PreemptionEligibility.Check(preemptor, fitError, snapshot) is { } ineligible) return new PreemptionResult { Message = Prefixed(ineligible) };
        // Upstream treats an empty cluster as an error and adds nothing to the failure message.
        if (snapshot.Nodes.Count == 0) return new PreemptionResult();
        var (candidates, statuses) = FindCandidates(preemptor, fitError, snapshot, algorithm, pdbs, nominatedPods);
        if (CandidatePicker.Pick(candidates) is { } best) return PreemptionResult.For(best);
        foreach (var node in snapshot.Nodes)
            if (!statuses.NodeResults.ContainsKey(node.Name)) statuses.Record(PluginName, node.Name, FilterResult.UnresolvableBy(NotHelpful));
        return new PreemptionResult { Message = Prefixed(statuses.Message), ClearNomination = true };
    }

    /// <summary>
    /// Upstream's findCandidates and DryRunPreemption: victims on each potential node from a random offset on, until
    /// enough candidates are found and one of them breaks no budget. Candidates breaking no budget come first. The
    /// FitError holds why each node tried failed.
    /// </summary>
    public (IReadOnlyList<Candidate> Candidates, FitError Failures) FindCandidates(PodInfo preemptor, FitError fitError, Snapshot snapshot,
        SchedulingAlgorithm algorithm, IReadOnlyList<PodDisruptionBudget> pdbs, Func<string, IReadOnlyList<Pod>>? nominatedPods = null)
    {
        ArgumentNullException.ThrowIfNull(preemptor);
        ArgumentNullException.ThrowIfNull(fitError);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(pdbs);
        var failures = new FitError(snapshot.Nodes.Count);
        var potential = snapshot.Nodes.Where(n => !(fitError.NodeResults.TryGetValue(n.Name, out var r) && r.Unresolvable)).ToList();
        if (potential.Count == 0) return ([], failures);
        var wanted = _args.NumCandidates(potential.Count);
        var offset = _random.Next(potential.Count);
        var state = new CycleState();
        var nonViolating = new List<Candidate>();
        var violating = new List<Candidate>();
        for (var i = 0; i < potential.Count; i++)
        {
            var node = potential[(offset + i) % potential.Count];
            var trial = new NodeTrial(preemptor, node, nominatedPods?.Invoke(node.Name) ?? [], snapshot, algorithm, state);
            var (candidate, failure, plugin) = VictimSelection.Select(trial, preemptor, pdbs);
            if (candidate is null)
            {
                failures.Record(plugin, node.Name, failure);
                continue;
            }
            var list = candidate.NumPdbViolations == 0 ? nonViolating : violating;
            if (list.Count < wanted) list.Add(candidate);
            if (nonViolating.Count > 0 && nonViolating.Count + violating.Count >= wanted) break;
        }
        return ([.. nonViolating, .. violating], failures);
    }

    private static string Prefixed(string message) => "preemption: " + message;
}
