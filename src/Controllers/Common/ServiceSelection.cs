using Cluster.Api.Core.V1;
using Cluster.Api.Selectors;
using Cluster.Runtime;
using Cluster.Runtime.Informers;

namespace Cluster.Controllers.Common;

/// <summary>The Services whose selector picks a pod: what the Endpoints and EndpointSlice controllers wake on a pod change.</summary>
public static class ServiceSelection
{
    public static IReadOnlyList<ObjectKey> ServicesSelecting(Informer<Service> services, Pod pod) =>
        [.. services.Cache.List(pod.Metadata?.Namespace ?? "")
            .Where(s => s.Spec?.Selector is { Count: > 0 } selector && LabelSelector.FromSet(selector).Matches(pod.Metadata?.Labels))
            .Select(ObjectKey.Of)];
}
