using Cluster.Api.Core.V1;
using Cluster.Controllers.Common;
using Cluster.Runtime;
using Cluster.Runtime.Builder;
using Cluster.Runtime.Client;
using Cluster.Runtime.Client.Errors;
using Cluster.Runtime.Controllers;
using Cluster.Runtime.Informers;

namespace Cluster.Controllers.Endpoints;

/// <summary>
/// Keeps an Endpoints object beside every Service with a selector, listing the addresses of its pods
/// (<see cref="EndpointsRules"/>); written only when it changes, removed with the Service. Services without a
/// selector are left to whoever manages their Endpoints.
/// </summary>
public sealed class EndpointsController : IReconciler<Service>
{
    private readonly ClusterClient _client;
    private readonly ClusterCache _cache;
    private readonly Informer<Service> _services;

    private EndpointsController(ControllerContext context)
    {
        _client = context.Runtime.Client;
        _cache = context.Runtime.Cache;
        _services = context.Runtime.Informers.For<Service>();
    }

    public static void Register(ControllerContext context)
    {
        var controller = new EndpointsController(context);
        context.Runtime.For<Service>()
            .Named("endpoints")
            .Watches<Pod>(controller.ServicesSelecting)
            .Watches<Api.Core.V1.Endpoints>(e => [ObjectKey.Of(e)])
            .WithConcurrency(context.Options.ConcurrentSyncs)
            .Complete(controller);
    }

    private IEnumerable<ObjectKey> ServicesSelecting(Pod pod) => ServiceSelection.ServicesSelecting(_services, pod);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        var service = _cache.Get<Service>(key);
        var existing = _cache.Get<Api.Core.V1.Endpoints>(key);
        try
        {
            if (service is null)
            {
                if (existing is not null) await _client.DeleteAsync<Api.Core.V1.Endpoints>(key, ct: ct);
                return ReconcileResult.Done;
            }
            if (service.Spec?.Selector is not { Count: > 0 } selector) return ReconcileResult.Done;
            var pods = _cache.List<Pod>(key.Namespace, Api.Selectors.LabelSelector.FromSet(selector));
            var desired = EndpointsRules.Desired(service, EndpointsRules.Subsets(service, pods));
            if (existing is null) await _client.CreateAsync(desired, ct: ct);
            else if (!EndpointsRules.Same(existing, desired))
                await _client.UpdateAsync(existing with { Metadata = existing.Metadata! with { Labels = desired.Metadata!.Labels }, Subsets = desired.Subsets }, ct: ct);
        }
        catch (ApiException e) when (e is ConflictException or AlreadyExistsException)
        {
            return ReconcileResult.Retry; // the cache is behind
        }
        catch (NotFoundException)
        {
        }
        catch (ForbiddenException)
        {
            // the namespace is terminating
        }
        return ReconcileResult.Done;
    }
}
