using System.Globalization;
using Cluster.Api.Apps.V1;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Ownership;

namespace Cluster.Controllers.Deployments;

/// <summary>A Deployment's ReplicaSets: which is new, their revisions, and the new one to create.</summary>
public static class ReplicaSetHistory
{
    public static long Revision(ReplicaSet rs) =>
        rs.Metadata?.Annotations?.TryGetValue(DeploymentAnnotations.Revision, out var text) == true
        && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;

    /// <summary>The ReplicaSet whose template is the deployment's (the oldest, if several), or null.</summary>
    public static ReplicaSet? FindNew(Deployment d, IEnumerable<ReplicaSet> all) =>
        all.Where(rs => TemplateHash.EqualIgnoringHash(rs.Spec?.Template, d.Spec?.Template))
            .OrderBy(rs => rs.Metadata?.CreationTimestamp).ThenBy(rs => rs.Metadata?.Name, StringComparer.Ordinal)
            .FirstOrDefault();

    public static long MaxRevision(IEnumerable<ReplicaSet> rss) => rss.Select(Revision).DefaultIfEmpty(0).Max();

    /// <summary>
    /// The annotations of a ReplicaSet at <paramref name="revision"/>: the deployment's own (not the controller's), plus
    /// the size annotations when <paramref name="maxSurge"/> is given, which only a ReplicaSet about to be created gets:
    /// an existing one keeps the sizes it was scaled for, or proportional scaling would lose its proportions.
    /// </summary>
    public static Dictionary<string, string> Annotations(Deployment d, IReadOnlyDictionary<string, string>? existing, long revision, int? maxSurge)
    {
        var result = new Dictionary<string, string>(existing ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in d.Metadata?.Annotations ?? new Dictionary<string, string>())
            if (!DeploymentAnnotations.Skipped(key)) result[key] = value;
        var previous = result.TryGetValue(DeploymentAnnotations.Revision, out var old) ? old : null;
        var current = revision.ToString(CultureInfo.InvariantCulture);
        if (previous is not null && previous != current)
        {
            // A reused ReplicaSet (a rollback) remembers the revisions it had.
            var history = result.TryGetValue(DeploymentAnnotations.RevisionHistory, out var h) && h.Length > 0 ? h + "," + previous : previous;
            result[DeploymentAnnotations.RevisionHistory] = history;
        }
        result[DeploymentAnnotations.Revision] = current;
        if (maxSurge is { } surge)
        {
            result[DeploymentAnnotations.DesiredReplicas] = RolloutMath.Replicas(d).ToString(CultureInfo.InvariantCulture);
            result[DeploymentAnnotations.MaxReplicas] = (RolloutMath.Replicas(d) + surge).ToString(CultureInfo.InvariantCulture);
        }
        return result;
    }

    /// <summary>A new ReplicaSet for the deployment's template: named and labelled with the template hash, controlled by the deployment.</summary>
    public static ReplicaSet New(Deployment d, long revision, int replicas)
    {
        var hash = TemplateHash.Of(d.Spec?.Template, d.Status?.CollisionCount);
        var template = d.Spec?.Template ?? new PodTemplateSpec();
        var labels = new Dictionary<string, string>(template.Metadata?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [DeploymentAnnotations.PodTemplateHash] = hash,
        };
        var selector = d.Spec?.Selector ?? new LabelSelector();
        var matchLabels = new Dictionary<string, string>(selector.MatchLabels ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [DeploymentAnnotations.PodTemplateHash] = hash,
        };
        return new ReplicaSet
        {
            Metadata = new ObjectMeta
            {
                Name = $"{d.Metadata!.Name}-{hash}",
                Namespace = d.Metadata.Namespace,
                Labels = labels,
                Annotations = Annotations(d, null, revision, RolloutMath.Fenceposts(d).MaxSurge),
                OwnerReferences = [OwnerReferences.ControllerReference(d)],
            },
            Spec = new ReplicaSetSpec
            {
                Replicas = replicas,
                MinReadySeconds = d.Spec?.MinReadySeconds,
                Selector = selector with { MatchLabels = matchLabels },
                Template = template with { Metadata = (template.Metadata ?? new ObjectMeta()) with { Labels = labels } },
            },
        };
    }

    /// <summary>
    /// Old ReplicaSets beyond revisionHistoryLimit that may go: scaled to zero, no pods, status current; oldest
    /// revisions first.
    /// </summary>
    public static IReadOnlyList<ReplicaSet> ToCleanUp(Deployment d, IReadOnlyList<ReplicaSet> old)
    {
        if (d.Spec?.RevisionHistoryLimit is not { } limit) return [];
        var alive = old.Where(rs => rs.Metadata?.DeletionTimestamp is null).OrderBy(Revision).ToList();
        var excess = alive.Count - limit;
        if (excess <= 0) return [];
        return [.. alive.Take(excess).Where(rs => (rs.Status?.Replicas ?? 0) == 0 && RolloutMath.Replicas(rs) == 0
            && (rs.Metadata?.Generation ?? 0) <= (rs.Status?.ObservedGeneration ?? 0))];
    }
}
