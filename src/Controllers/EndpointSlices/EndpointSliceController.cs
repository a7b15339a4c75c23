using Cluster.Api.Core.V1;
using Cluster.Controllers.Common;
using Cluster.Api.Discovery.V1;
using Cluster.Api.Selectors;
using Cluster.Runtime;
using Cluster.Runtime.Builder;
using Cluster.Runtime.Client;
using Cluster.Runtime.Client.Errors;
using Cluster.Runtime.Controllers;
using Cluster.Runtime.Informers;

namespace Cluster.Controllers.EndpointSlices;

/// <summary>
/// Keeps the EndpointSlices of every Service with a selector (<see cref="EndpointSliceRules"/>, <see cref="SlicePlanner"/>):
/// slices labelled with the service's name and this controller as manager, owned by the service, at most 100 endpoints
/// each, rewritten only where they change. Slices other managers own are never touched; Services without a selector and
/// ExternalName services are left alone, as upstream.
/// </summary>
public sealed class EndpointSliceController : IReconciler<Service>
{
    private readonly ClusterClient _client;
    private readonly ClusterCache _cache;
    private readonly Informer<Service> _services;
    private readonly Informer<EndpointSlice> _slices;
    private readonly SliceWrites _writes;

    private EndpointSliceController(ControllerContext context)
    {
        _client = context.Runtime.Client;
        _cache = context.Runtime.Cache;
        _services = context.Runtime.Informers.For<Service>();
        _slices = context.Runtime.Informers.For<EndpointSlice>();
        context.Runtime.Informers.For<Node>();
        _writes = new SliceWrites(context.Runtime.Time);
    }

    public static void Register(ControllerContext context)
    {
        var controller = new EndpointSliceController(context);
        context.Runtime.For<Service>()
            .Named("endpointslice")
            .Watches<Pod>(controller.ServicesSelecting)
            .Watches<EndpointSlice>(ServiceOf)
            .WithConcurrency(context.Options.ConcurrentSyncs)
            .Complete(controller);
    }

    private IEnumerable<ObjectKey> ServicesSelecting(Pod pod) => ServiceSelection.ServicesSelecting(_services, pod);

    private static IEnumerable<ObjectKey> ServiceOf(EndpointSlice slice) =>
        slice.Metadata?.Labels is { } labels
        && labels.GetValueOrDefault(EndpointSliceRules.ManagedByLabel) == EndpointSliceRules.ControllerName
        && labels.GetValueOrDefault(EndpointSliceRules.ServiceNameLabel) is { Length: > 0 } service
            ? [new ObjectKey(slice.Metadata.Namespace ?? "", service)]
            : [];

    private IReadOnlyList<EndpointSlice> ManagedSlices(ObjectKey service) =>
        _cache.List<EndpointSlice>(service.Namespace, LabelSelector.FromSet(new Dictionary<string, string>
        {
            [EndpointSliceRules.ServiceNameLabel] = service.Name,
            [EndpointSliceRules.ManagedByLabel] = EndpointSliceRules.ControllerName,
        }));

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        var slices = ManagedSlices(key);
        if (!_writes.Settled(key, slices, _slices.ResourceVersion)) return ReconcileResult.After(TimeSpan.FromSeconds(1));
        var service = _cache.Get<Service>(key);
        try
        {
            if (service is null)
            {
                _writes.Forget(key);
                foreach (var slice in slices) await DeleteAsync(key, slice, ct);
                return ReconcileResult.Done;
            }
            if (service.Spec?.Type == "ExternalName" || service.Spec?.Selector is not { Count: > 0 } selector) return ReconcileResult.Done;
            var pods = _cache.List<Pod>(key.Namespace, LabelSelector.FromSet(selector));
            var groups = EndpointSliceRules.Groups(service, pods, node => _cache.Get<Node>(new ObjectKey("", node)));
            var changes = SlicePlanner.Plan(service, slices, groups);
            foreach (var slice in changes.Delete) await DeleteAsync(key, slice, ct);
            foreach (var slice in changes.Update) _writes.Written(key, await _client.UpdateAsync(slice, ct: ct));
            foreach (var slice in changes.Create) _writes.Written(key, await _client.CreateAsync(slice, ct: ct));
        }
        catch (ConflictException)
        {
            return ReconcileResult.Retry; // the cache is behind
        }
        catch (ForbiddenException)
        {
            // the namespace is terminating
        }
        return ReconcileResult.Done;
    }

    private async Task DeleteAsync(ObjectKey service, EndpointSlice slice, CancellationToken ct)
    {
        try
        {
            await _client.DeleteAsync<EndpointSlice>(ObjectKey.Of(slice), ct: ct);
        }
        catch (NotFoundException)
        {
        }
        _writes.Deleted(service, slice);
    }
}
