using Cluster.Api.Core.V1;

namespace Cluster.Controllers.Scheduling.Queue;

/// <summary>
/// Settings of a <see cref="SchedulingQueue"/>. Defaults are upstream's: backoff 1 s doubling to 10 s, pods leave
/// unschedulablePods after 5 minutes, pods with spec.schedulingGates are held back, and no tenant fairness.
/// </summary>
public sealed record SchedulingQueueOptions
{
    /// <summary>The name under which <see cref="SchedulingGatesCheck"/> reports a gated pod.</summary>
    public const string SchedulingGatesPlugin = "SchedulingGates";

    public BackoffPolicy Backoff { get; init; } = BackoffPolicy.Default;

    /// <summary>How long a pod may sit in unschedulablePods before the leftover flush moves it anyway.</summary>
    public TimeSpan MaxInUnschedulable { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Which events can resolve which plugin's rejection.</summary>
    public PluginEventMap Plugins { get; init; } = PluginEventMap.Empty;

    /// <summary>
    /// The namespace's current dominant share (its largest fraction of any cluster resource, from its allocations
    /// including pods assumed since the last pop). Non-null turns on Dominant Resource Fairness among pods of equal
    /// priority; null keeps upstream's order. Called under the queue's lock at every pop: it must be cheap and must
    /// not call back into the queue.
    /// </summary>
    public Func<string, double>? DominantShare { get; init; }

    /// <summary>
    /// PreEnqueue: the name of the check that keeps a pod out of activeQ, or null to admit it. Must depend on the pod
    /// alone: a gated pod is re-checked only when it is updated. Default: <see cref="SchedulingGatesCheck"/>.
    /// </summary>
    public Func<Pod, string?>? PreEnqueue { get; init; } = SchedulingGatesCheck;

    /// <summary>Holds back pods that still have spec.schedulingGates (upstream's SchedulingGates plugin).</summary>
    public static string? SchedulingGatesCheck(Pod pod) =>
        pod.Spec?.SchedulingGates is { Count: > 0 } ? SchedulingGatesPlugin : null;
}
