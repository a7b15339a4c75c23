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
        var spec = pod.Spec;
        var total = new Resources();
        foreach (var container in spec?.Containers ?? []) total.Add(Resources.From(container.Resources?.Requests));
        var sidecars = new Resources();
        var initPeak = new Resources();
        foreach (var init in spec?.InitContainers ?? [])
        {
            var request = Resources.From(init.Resources?.Requests);
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
        total.Pods = 1;
        return total;
    }

    /// <summary>The cpu and memory a pod counts for when scoring: as requested, with the defaults where a container asks for none.</summary>
    public static (long MilliCpu, long Memory) NonZeroRequests(Pod pod)
    {
        long cpu = 0, memory = 0;
        foreach (var container in pod.Spec?.Containers ?? []) Add(container, ref cpu, ref memory);
        long initCpu = 0, initMemory = 0;
        foreach (var init in pod.Spec?.InitContainers ?? [])
        {
            long c = 0, m = 0;
            Add(init, ref c, ref m);
            if (init.RestartPolicy == "Always")
            {
                cpu += c;
                memory += m;
            }
            else
            {
                initCpu = Math.Max(initCpu, c);
                initMemory = Math.Max(initMemory, m);
            }
        }
        cpu = Math.Max(cpu, initCpu);
        memory = Math.Max(memory, initMemory);
        if (pod.Spec?.Overhead is { } overhead)
        {
            var o = Resources.From(overhead);
            cpu += o.MilliCpu;
            memory += o.Memory;
        }
        return (cpu, memory);
    }

    private static void Add(Container container, ref long cpu, ref long memory)
    {
        var requests = Resources.From(container.Resources?.Requests);
        cpu += container.Resources?.Requests?.ContainsKey("cpu") == true ? requests.MilliCpu : DefaultMilliCpu;
        memory += container.Resources?.Requests?.ContainsKey("memory") == true ? requests.Memory : DefaultMemory;
    }
}
