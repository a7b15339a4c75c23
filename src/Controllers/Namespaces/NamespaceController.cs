using System.Collections.Concurrent;
using System.Text.Json;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime;
using Cluster.Runtime.Builder;
using Cluster.Runtime.Client;
using Cluster.Runtime.Client.Errors;
using Cluster.Runtime.Controllers;
using Microsoft.Extensions.Logging;

namespace Cluster.Controllers.Namespaces;

/// <summary>
/// Empties terminating namespaces, as upstream's namespace controller: every namespaced resource the API serves
/// (built-in and custom, found through discovery) is deleted in the namespace (deletecollection where served, else one
/// by one; Background propagation, so nothing is orphaned), the deletion conditions report what remains (objects held
/// by finalizers keep the namespace), and once nothing is left the <c>kubernetes</c> finalizer is removed through
/// <c>namespaces/finalize</c>, after which the API server removes the namespace. A group whose discovery fails is
/// reported and keeps the namespace, since what it serves cannot be known to be gone.
/// </summary>
public sealed partial class NamespaceController(ClusterClient client, ClusterCache cache, TimeProvider time, ILogger logger) : IReconciler<Namespace>
{
    /// <summary>How soon to look again while objects are still going (their finalizers or grace periods hold them).</summary>
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    private static readonly DeleteOptions Background = new() { PropagationPolicy = "Background" };

    public static void Register(ControllerContext context) =>
        context.Runtime.For<Namespace>()
            .Named("namespace")
            .WithPredicate(e => e.Object.Metadata?.DeletionTimestamp is not null)
            .WithConcurrency(context.Options.ConcurrentSyncs)
            .Complete(new NamespaceController(context.Runtime.Client, context.Runtime.Cache, context.Runtime.Time, context.Loggers.CreateLogger<NamespaceController>()));

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        var ns = cache.Get<Namespace>(key);
        if (!NamespaceContent.NeedsCleanup(ns)) return ReconcileResult.Done;
        var name = ns!.Metadata!.Name!;

        DiscoveredResources discovered;
        try
        {
            discovered = await client.Discovery.ServerPreferredResourcesAsync(ct);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or TimeoutException or JsonException)
        {
            await SetConditionsAsync(ns, NamespaceContent.Conditions(ns.Status?.Conditions, e.Message, [], [], time.GetUtcNow()), ct);
            return ReconcileResult.Retry;
        }
        var resources = discovered.Resources.Where(NamespaceContent.Deletable).ToList();

        var failures = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(resources, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (r, token) =>
        {
            try
            {
                await DeleteAllAsync(r, name, token);
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or TimeoutException && e is not NotFoundException)
            {
                failures.Add($"{r.GroupResource}: {e.Message}");
            }
        });

        var remaining = await Task.WhenAll(resources.Where(r => r.Supports("list")).Select(r => RemainingAsync(r, name, ct)));
        var discoveryFailure = NamespaceContent.DiscoveryFailureMessage(discovered.FailedGroupVersions);
        var conditions = NamespaceContent.Conditions(ns.Status?.Conditions, discoveryFailure, [.. failures], remaining, time.GetUtcNow());
        if (discoveryFailure is not null || !failures.IsEmpty || remaining.Any(r => r.Objects > 0))
        {
            await SetConditionsAsync(ns, conditions, ct);
            return ReconcileResult.After(Recheck);
        }

        try
        {
            var fresh = await client.GetAsync<Namespace>(key, ct);
            var finalizers = (fresh.Spec?.Finalizers ?? []).Where(f => f != NamespaceContent.KubernetesFinalizer).ToList();
            await client.Resource<Namespace>().UpdateSubresourceAsync(fresh with { Spec = (fresh.Spec ?? new NamespaceSpec()) with { Finalizers = finalizers } }, "finalize", ct: ct);
            LogEmptied(logger, name);
        }
        catch (NotFoundException)
        {
        }
        return ReconcileResult.Done;
    }

    private async Task DeleteAllAsync(ServedResource r, string ns, CancellationToken ct)
    {
        var resource = client.Dynamic(r.Kind);
        if (r.Supports("deletecollection"))
        {
            await resource.DeleteCollectionAsync(ns, options: Background, ct: ct);
            return;
        }
        foreach (var obj in await resource.ListAllAsync(ns, ct: ct).ToListAsync(ct))
        {
            if (obj.Metadata?.DeletionTimestamp is not null) continue;
            try
            {
                await resource.DeleteAsync(new ObjectKey(ns, obj.Metadata!.Name!), Background, ct);
            }
            catch (NotFoundException)
            {
            }
        }
    }

    private async Task<RemainingContent> RemainingAsync(ServedResource r, string ns, CancellationToken ct)
    {
        IReadOnlyList<DynamicObject> objects;
        try
        {
            objects = await client.Dynamic(r.Kind).ListAllAsync(ns, ct: ct).ToListAsync(ct);
        }
        catch (NotFoundException)
        {
            objects = [];
        }
        var finalizers = objects.SelectMany(o => o.Metadata?.Finalizers ?? []).GroupBy(f => f, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new RemainingContent(r.GroupResource, objects.Count, finalizers);
    }

    private async Task SetConditionsAsync(Namespace ns, List<NamespaceCondition> conditions, CancellationToken ct)
    {
        if (NamespaceContent.SameConditions(ns.Status?.Conditions, conditions)) return;
        try
        {
            await client.UpdateStatusAsync(ns with { Status = (ns.Status ?? new NamespaceStatus()) with { Conditions = conditions } }, ct: ct);
        }
        catch (ApiException e) when (e is ConflictException or NotFoundException)
        {
            // the next look writes them
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "namespace {Namespace} is empty; removing its kubernetes finalizer")]
    private static partial void LogEmptied(ILogger logger, string @namespace);
}
