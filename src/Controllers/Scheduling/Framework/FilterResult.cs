namespace Cluster.Controllers.Scheduling.Framework;

/// <summary>
/// A plugin's verdict on a pod and a node: fits (no reasons), or the reasons it does not, which are either
/// resolvable by preempting pods (Unschedulable) or not (UnschedulableAndUnresolvable, e.g. a node selector).
/// </summary>
public readonly record struct FilterResult(IReadOnlyList<string>? Reasons, bool Unresolvable = false)
{
    public static FilterResult Fits => default;

    public bool IsSuccess => Reasons is null;

    public static FilterResult Unschedulable(params string[] reasons) => new(reasons);

    public static FilterResult UnresolvableBy(params string[] reasons) => new(reasons, Unresolvable: true);
}
