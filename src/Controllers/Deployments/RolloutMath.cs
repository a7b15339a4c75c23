using System.Globalization;
using Cluster.Api.Apps.V1;
using Cluster.Api.Serialization;

namespace Cluster.Controllers.Deployments;

/// <summary>Upstream's rolling-update arithmetic (deployment/util): surge and unavailability bounds and how far to scale.</summary>
public static class RolloutMath
{
    public static int Replicas(Deployment d) => d.Spec?.Replicas ?? 1;

    public static int Replicas(ReplicaSet rs) => rs.Spec?.Replicas ?? 0;

    public static bool IsRollingUpdate(Deployment d) => d.Spec?.Strategy?.Type is null or "RollingUpdate";

    /// <summary>
    /// maxSurge rounded up and maxUnavailable rounded down against the desired replicas, as ResolveFenceposts; both
    /// zero would stall a rollout, so maxUnavailable is then 1.
    /// </summary>
    public static (int MaxSurge, int MaxUnavailable) Fenceposts(Deployment d)
    {
        if (!IsRollingUpdate(d)) return (0, 0);
        var rolling = d.Spec?.Strategy?.RollingUpdate;
        var replicas = Replicas(d);
        var surge = Resolve(rolling?.MaxSurge ?? "25%", replicas, roundUp: true);
        var unavailable = Resolve(rolling?.MaxUnavailable ?? "25%", replicas, roundUp: false);
        if (surge == 0 && unavailable == 0) unavailable = 1;
        return (surge, unavailable);
    }

    /// <summary>An absolute count, or a percentage of <paramref name="total"/> rounded as asked.</summary>
    public static int Resolve(IntOrString value, int total, bool roundUp)
    {
        if (value.IsInt) return value.IntValue;
        var text = value.StringValue.TrimEnd('%');
        var percent = int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
        var exact = percent * (double)total / 100;
        return (int)(roundUp ? Math.Ceiling(exact) : Math.Floor(exact));
    }

    public static int MaxUnavailable(Deployment d) => IsRollingUpdate(d) && Replicas(d) > 0 ? Math.Min(Fenceposts(d).MaxUnavailable, Replicas(d)) : 0;

    /// <summary>
    /// NewRSNewReplicas: the new ReplicaSet's size, surging above the desired count by at most maxSurge. Stricter than
    /// upstream, a ReplicaSet counts as many pods as it still has (status.replicas) while that exceeds its new size:
    /// an old set scaled down but whose pods are not yet deleted holds the surge back, so live pods never exceed it.
    /// </summary>
    public static int NewReplicaSetReplicas(Deployment d, IReadOnlyList<ReplicaSet> all, ReplicaSet newRs)
    {
        if (!IsRollingUpdate(d)) return Replicas(d);
        if (Replicas(newRs) == Replicas(d)) return Replicas(newRs);
        var (surge, _) = Fenceposts(d);
        var current = all.Sum(rs => Math.Max(Replicas(rs), rs.Status?.Replicas ?? 0));
        var maxTotal = Replicas(d) + surge;
        if (current >= maxTotal) return Replicas(newRs);
        var scaleUp = Math.Min(maxTotal - current, Replicas(d) - Replicas(newRs));
        return Replicas(newRs) + Math.Max(0, scaleUp);
    }

    /// <summary>
    /// reconcileOldReplicaSets: how many old pods may go now without dropping below the minimum available, counting
    /// the new ReplicaSet's unavailable pods as already missing.
    /// </summary>
    public static int MaxScaledDown(Deployment d, IReadOnlyList<ReplicaSet> all, ReplicaSet? newRs)
    {
        var minAvailable = Replicas(d) - MaxUnavailable(d);
        var newUnavailable = newRs is null ? 0 : Replicas(newRs) - (newRs.Status?.AvailableReplicas ?? 0);
        return all.Sum(Replicas) - minAvailable - newUnavailable;
    }

    /// <summary>
    /// The old ReplicaSets' new sizes: first their unhealthy replicas go (oldest set first) within
    /// <see cref="MaxScaledDown"/>, then available ones while more than the minimum stays available.
    /// </summary>
    public static Dictionary<string, int> ScaleDownOld(Deployment d, IReadOnlyList<ReplicaSet> all, IReadOnlyList<ReplicaSet> old, ReplicaSet? newRs)
    {
        var sizes = old.ToDictionary(rs => rs.Metadata!.Name!, Replicas, StringComparer.Ordinal);
        if (old.Sum(Replicas) == 0) return sizes;
        var maxScaledDown = MaxScaledDown(d, all, newRs);
        if (maxScaledDown <= 0) return sizes;

        var ordered = old.OrderBy(rs => rs.Metadata?.CreationTimestamp).ThenBy(rs => rs.Metadata?.Name, StringComparer.Ordinal).ToList();
        var cleaned = 0;
        foreach (var rs in ordered)
        {
            if (cleaned >= maxScaledDown) break;
            var name = rs.Metadata!.Name!;
            var unhealthy = sizes[name] - (rs.Status?.AvailableReplicas ?? 0);
            if (sizes[name] == 0 || unhealthy <= 0) continue;
            var down = Math.Min(unhealthy, maxScaledDown - cleaned);
            sizes[name] -= down;
            cleaned += down;
        }

        var minAvailable = Replicas(d) - MaxUnavailable(d);
        var available = all.Sum(rs => rs.Status?.AvailableReplicas ?? 0);
        if (available <= minAvailable) return sizes;
        var remaining = Math.Min(available - minAvailable, maxScaledDown - cleaned);
        foreach (var rs in ordered)
        {
            if (remaining <= 0) break;
            var name = rs.Metadata!.Name!;
            var down = Math.Min(sizes[name], remaining);
            sizes[name] -= down;
            remaining -= down;
        }
        return sizes;
    }

    /// <summary>
    /// Proportional scaling (upstream's scale()): when the desired count changes during a rollout, the active
    /// ReplicaSets grow or shrink in proportion to their sizes (by the max-replicas they were sized for), the rounding
    /// leftover going to the largest.
    /// </summary>
    public static Dictionary<string, int> ScaleProportionally(Deployment d, IReadOnlyList<ReplicaSet> active)
    {
        var sizes = active.ToDictionary(rs => rs.Metadata!.Name!, Replicas, StringComparer.Ordinal);
        if (active.Count == 0) return sizes;
        var allowed = Replicas(d) + (IsRollingUpdate(d) ? Fenceposts(d).MaxSurge : 0);
        var toAdd = allowed - active.Sum(Replicas);
        if (toAdd == 0) return sizes;
        var ordered = toAdd > 0
            ? active.OrderByDescending(Replicas).ThenByDescending(rs => rs.Metadata?.CreationTimestamp).ToList()
            : active.OrderByDescending(Replicas).ThenBy(rs => rs.Metadata?.CreationTimestamp).ToList();
        var added = 0;
        foreach (var rs in ordered)
        {
            var proportion = Proportion(rs, d, toAdd, added);
            sizes[rs.Metadata!.Name!] = Replicas(rs) + proportion;
            added += proportion;
        }
        var first = ordered[0].Metadata!.Name!;
        sizes[first] = Math.Max(0, sizes[first] + toAdd - added);
        return sizes;
    }

    private static int Proportion(ReplicaSet rs, Deployment d, int toAdd, int added)
    {
        if (Replicas(rs) == 0 || toAdd == 0 || toAdd == added) return 0;
        var fraction = Fraction(rs, d);
        var allowed = toAdd - added;
        return toAdd > 0 ? Math.Min(fraction, allowed) : Math.Max(fraction, allowed);
    }

    private static int Fraction(ReplicaSet rs, Deployment d)
    {
        if (Replicas(d) == 0) return -Replicas(rs);
        var deploymentReplicas = Replicas(d) + Fenceposts(d).MaxSurge;
        var annotated = rs.Metadata?.Annotations?.TryGetValue(DeploymentAnnotations.MaxReplicas, out var text) == true
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var max) ? max : d.Status?.Replicas ?? 0;
        if (annotated <= 0) return 0;
        var size = Replicas(rs) * (double)deploymentReplicas / annotated;
        return (int)Math.Round(size, MidpointRounding.AwayFromZero) - Replicas(rs);
    }
}
