using Cluster.Api.Core.V1;
using Cluster.Runtime.Client;

namespace Cluster.Controllers.Namespaces;

/// <summary>What is left in a terminating namespace, per resource: how many objects, and how many held by each finalizer.</summary>
public sealed record RemainingContent(string Resource, int Objects, IReadOnlyDictionary<string, int> Finalizers);

/// <summary>The namespace controller's rules and status conditions, with upstream's types, reasons and messages.</summary>
public static class NamespaceContent
{
    public const string KubernetesFinalizer = "kubernetes";

    public static bool NeedsCleanup(Namespace? ns) =>
        ns?.Metadata?.DeletionTimestamp is not null && ns.Spec?.Finalizers?.Contains(KubernetesFinalizer) == true;

    /// <summary>The resources a namespace is emptied of: namespaced, and deletable one way or the other.</summary>
    public static bool Deletable(ServedResource r) =>
        r.Kind.Namespaced && (r.Supports("deletecollection") || r.SupportsAll("list", "delete"));

    /// <summary>Upstream's wording of a partial discovery failure, or null when every group answered.</summary>
    public static string? DiscoveryFailureMessage(IReadOnlyDictionary<string, string> failedGroupVersions) =>
        failedGroupVersions.Count == 0 ? null
        : $"Discovery failed for some groups, {failedGroupVersions.Count} failing: unable to retrieve the complete list of server APIs: "
          + string.Join(", ", failedGroupVersions.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}: {f.Value}"));

    /// <summary>The five deletion conditions: each False unless what it reports is happening.</summary>
    public static List<NamespaceCondition> Conditions(IReadOnlyList<NamespaceCondition>? existing, string? discoveryFailure, IReadOnlyList<string> deletionFailures,
        IReadOnlyList<RemainingContent> remaining, DateTimeOffset now)
    {
        var content = remaining.Where(r => r.Objects > 0).OrderBy(r => r.Resource, StringComparer.Ordinal).ToList();
        var finalizers = remaining.SelectMany(r => r.Finalizers).GroupBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(g => (Finalizer: g.Key, Count: g.Sum(kv => kv.Value))).OrderBy(f => f.Finalizer, StringComparer.Ordinal).ToList();
        var failures = deletionFailures.Order(StringComparer.Ordinal).ToList();
        return
        [
            Condition(existing, "NamespaceDeletionDiscoveryFailure", discoveryFailure is null ? ("False", "ResourcesDiscovered", "All resources successfully discovered") : ("True", "DiscoveryFailed", discoveryFailure), now),
            Condition(existing, "NamespaceDeletionGroupVersionParsingFailure", ("False", "ParsedGroupVersions", "All legacy kube types successfully parsed"), now),
            Condition(existing, "NamespaceDeletionContentFailure", failures.Count == 0 ? ("False", "ContentDeleted", "All content successfully deleted, may be waiting on finalization")
                : ("True", "ContentDeletionFailed", $"Failed to delete all resource types, {failures.Count} remaining: {string.Join(", ", failures)}"), now),
            Condition(existing, "NamespaceContentRemaining", content.Count == 0 ? ("False", "ContentRemoved", "All content successfully removed")
                : ("True", "SomeResourcesRemain", "Some resources are remaining: " + string.Join(", ", content.Select(r => $"{r.Resource} has {r.Objects} resource instances"))), now),
            Condition(existing, "NamespaceFinalizersRemaining", finalizers.Count == 0 ? ("False", "ContentHasNoFinalizers", "All content-preserving finalizers finished")
                : ("True", "SomeFinalizersRemain", "Some content in the namespace has finalizers remaining: " + string.Join(", ", finalizers.Select(f => $"{f.Finalizer} in {f.Count} resource instances"))), now),
        ];
    }

    private static NamespaceCondition Condition(IReadOnlyList<NamespaceCondition>? existing, string type, (string Status, string Reason, string Message) value, DateTimeOffset now)
    {
        var old = existing?.FirstOrDefault(c => c.Type == type);
        var since = old is not null && old.Status == value.Status ? old.LastTransitionTime : now;
        return new NamespaceCondition { Type = type, Status = value.Status, Reason = value.Reason, Message = value.Message, LastTransitionTime = since };
    }

    public static bool SameConditions(IReadOnlyList<NamespaceCondition>? a, IReadOnlyList<NamespaceCondition> b) =>
        a is not null && a.Count == b.Count && a.Zip(b).All(p => p.First.Type == p.Second.Type && p.First.Status == p.Second.Status && p.First.Reason == p.Second.Reason && p.First.Message == p.Second.Message);
}
