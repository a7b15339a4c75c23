using Cluster.Api.Core.V1;

namespace Cluster.Controllers.Scheduling.Queue;

/// <summary>A popped pod whose attempt has not ended, and what happened to the pod itself meanwhile.</summary>
internal sealed class InFlightPod(long cycle)
{
    /// <summary>The scheduling cycle the pod was popped in.</summary>
    public long Cycle { get; } = cycle;

    /// <summary>The newest version of the pod if it was updated during the attempt.</summary>
    public Pod? Latest { get; set; }

    /// <summary>True when an update during the attempt may change the pod's scheduling result.</summary>
    public bool Changed { get; set; }

    public bool Deleted { get; set; }
}
