using System.Text.Json;
using Cluster.Api.Core.V1;

namespace Cluster.Controllers.Scheduling.Queue;

/// <summary>
/// Whether an update of a pending pod may change its scheduling result (upstream's isPodUpdated): any difference
/// outside status, resourceVersion, generation, managedFields and finalizers counts, except that
/// status.resourceClaimStatuses does count. Compares the Kubernetes JSON forms, so equal content in distinct
/// instances compares equal.
/// </summary>
public static class PodChanges
{
    public static bool MayAffectScheduling(Pod oldPod, Pod newPod)
    {
        if (ReferenceEquals(oldPod, newPod)) return false;
        return !JsonSerializer.SerializeToUtf8Bytes(Strip(oldPod), Pod.JsonTypeInfo)
            .AsSpan()
            .SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(Strip(newPod), Pod.JsonTypeInfo));
    }

    private static Pod Strip(Pod pod) => pod with
    {
        Metadata = pod.Metadata is null ? null : pod.Metadata with
        {
            ResourceVersion = null,
            Generation = null,
            ManagedFields = null,
            Finalizers = null,
        },
        Status = pod.Status?.ResourceClaimStatuses is { } claims ? new PodStatus { ResourceClaimStatuses = claims } : null,
    };
}
