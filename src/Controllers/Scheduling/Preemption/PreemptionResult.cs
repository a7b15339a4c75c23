using Cluster.Api.Core.V1;

namespace Cluster.Controllers.Scheduling.Preemption;

/// <summary>
/// What preemption decided for a pod that fits nowhere. Succeeded: nominate the pod to <see cref="NodeName"/>,
/// preempt <see cref="Victims"/> (those not already terminating), and clear the nominations of lower-priority pods on
/// that node. Otherwise <see cref="Message"/> goes after the scheduling failure's message (FitError's
/// PostFilterMessage), and <see cref="ClearNomination"/> says whether the pod's status.nominatedNodeName should be
/// cleared (no node would do even with preemption) or left as it is (the pod was not eligible to preempt).
/// </summary>
public sealed record PreemptionResult
{
    public string? NodeName { get; init; }

    public IReadOnlyList<Pod> Victims { get; init; } = [];

    public int NumPdbViolations { get; init; }

    /// <summary>Upstream's PostFilter status message, e.g. "preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."; empty on success.</summary>
    public string Message { get; init; } = "";

    public bool ClearNomination { get; init; }

    public bool Succeeded => NodeName is not null;

    public static PreemptionResult For(Candidate candidate) =>
        new() { NodeName = candidate.NodeName, Victims = candidate.Victims, NumPdbViolations = candidate.NumPdbViolations };
}
