using Cluster.Api.Core.V1;

namespace Cluster.Controllers.Scheduling.Framework;

/// <summary>
/// What a pod asks of a node, as upstream's resource helpers compute it: the larger of its app containers' sum (with
/// restartable init containers, i.e. sidecars, which keep running) and each init container's own need (with the
/// sidecars started before it), plus the pod overhead.
/// </summary>
public static class PodResources
{
    /// <summary>Upstream's defaults for scoring containers that request nothing: 100 millicores, 200 MiB.</summary>
    public const long DefaultMilliCpu = 100;
    public const long DefaultMemory = 200L * 1024 * 1024;

    public static Resources Requests(Pod pod)
    {
        var total = Aggregate(pod, nonZero: false);
        total.Pods = 1;
        return total;
    }

    /// <summary>
    /// The cpu and memory a pod counts for when scoring: the same sum as <see cref="Requests"/>, but every container
    /// (init containers included) that does not name cpu or memory counts the default for it.
    /// </summary>
    public static (long MilliCpu, long Memory) NonZeroRequests(Pod pod)
    {
        var total = Aggregate(pod, nonZero: true);
        return (total.MilliCpu, total.Memory);
    }

    private static Resources Aggregate(Pod pod, bool nonZero)
    {
        var spec = pod.Spec;
        var total = new Resources();
        foreach (var container in spec?.Containers ?? []) total.Add(ContainerRequests(container, nonZero));
        var sidecars = new Resources();
        var initPeak = new Resources();
        foreach (var init in spec?.InitContainers ?? [])
        {
            var request = ContainerRequests(init, nonZero);
            if (init.RestartPolicy == "Always")
            {
                sidecars.Add(request);
                initPeak.Max(sidecars);
            }
            else
            {
                request.Add(sidecars);
                initPeak.Max(request);
            }
        }
        total.Add(sidecars);
        total.Max(initPeak);
        if (spec?.Overhead is { } overhead) total.Add(Resources.From(overhead));
        return total;
    }

    private static Resources ContainerRequests(Container container, bool nonZero)
    {
        var list = container.Resources?.Requests;
        var requests = Resources.From(list);
        if (!nonZero) return requests;
        // Upstream defaults a resource only when it is absent: an explicit "0" stays zero.
        if (list?.ContainsKey("cpu") != true) requests.MilliCpu = DefaultMilliCpu;
        if (list?.ContainsKey("memory") != true) requests.Memory = DefaultMemory;
        return requests;
    }
}
