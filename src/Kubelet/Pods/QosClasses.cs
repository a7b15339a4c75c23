using Cluster.Api.Core.V1;
using Cluster.Api.Quantities;

namespace Cluster.Kubelet.Pods;

/// <summary>
/// A pod's QoS class as upstream computes it from cpu and memory (init containers included, requests defaulting to
/// limits): Guaranteed when every container limits both and requests equal limits, BestEffort when none sets either,
/// Burstable otherwise.
/// </summary>
public static class QosClasses
{
    public const string Guaranteed = "Guaranteed";
    public const string Burstable = "Burstable";
    public const string BestEffort = "BestEffort";

    private static readonly string[] Compute = ["cpu", "memory"];

    public static string Of(PodSpec spec)
    {
        var containers = (spec.InitContainers ?? []).Concat(spec.Containers ?? []).ToList();
        var any = false;
        var guaranteed = true;
        foreach (var container in containers)
        {
            var requests = container.Resources?.Requests;
            var limits = container.Resources?.Limits;
            foreach (var resource in Compute)
            {
                var limit = Positive(limits, resource);
                var request = Positive(requests, resource) ?? limit;
                if (request is not null || limit is not null) any = true;
                if (limit is null || request is null || request.Value.CompareTo(limit.Value) != 0) guaranteed = false;
            }
        }

        if (!any) return BestEffort;
        return guaranteed ? Guaranteed : Burstable;
    }

    private static Quantity? Positive(IReadOnlyDictionary<string, Api.Serialization.ResourceQuantity>? values, string resource) =>
        values is not null && values.TryGetValue(resource, out var value) && Quantity.TryParse(value.Value, out var q) && q > Quantity.Zero ? q : null;
}
