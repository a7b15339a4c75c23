using System.Collections.Concurrent;
using Cluster.Kubelet.Cgroups;
using Cluster.Kubelet.Containers;
using Cluster.Kubelet.Server;

namespace Cluster.Kubelet.Pods;

/// <summary>
/// The Summary API from cgroups: the node (the root cgroup), each pod (its pod cgroup) and each running container;
/// cpu rates from the previous reading of the same cgroup.
/// </summary>
public sealed class AgentStats(string nodeName, CgroupVersion version, TimeProvider time) : IStatsProvider
{
    private readonly ConcurrentDictionary<string, CgroupSample> _previous = new();
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private volatile IContainerRuntime? _runtime;

    public void Attach(IContainerRuntime runtime) => _runtime = runtime;

    public async Task<StatsSummary> SummaryAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (nodeCpu, nodeMemory) = Read("/", now);
        var pods = new List<PodStats>();
        if (_runtime is { } runtime)
        {
            var containers = await runtime.ListContainersAsync(ct);
            foreach (var sandbox in (await runtime.ListPodSandboxesAsync(ct)).Where(s => s.State == SandboxState.Ready))
            {
                var parent = sandbox.Config.CgroupParent;
                var running = containers.Where(c => c.SandboxId == sandbox.Id && c.State == ContainerRunState.Running)
                    .Select(c =>
                    {
                        var (cpu, memory) = Read($"{parent}/{c.Id}", now);
                        return new ContainerStats(c.Name, c.StartedAt ?? c.CreatedAt, cpu, memory);
                    })
                    .ToList();
                var (podCpu, podMemory) = Read(parent, now);
                pods.Add(new PodStats(new PodReference(sandbox.Config.PodName, sandbox.Config.PodNamespace, sandbox.Config.PodUid), sandbox.CreatedAt, running, podCpu, podMemory));
            }
        }

        // Readings of cgroups that are gone would otherwise accumulate.
        foreach (var key in _previous.Keys)
            if (_previous.TryGetValue(key, out var sample) && now - sample.Time > TimeSpan.FromMinutes(5)) _previous.TryRemove(key, out _);
        return new StatsSummary(new NodeStats(nodeName, _started, nodeCpu, nodeMemory), pods);
    }

    private (CpuStats?, MemoryStats?) Read(string cgroup, DateTimeOffset now)
    {
        if (CgroupStats.Read(version, cgroup, now) is not { } sample) return (null, null);
        _previous.TryGetValue(cgroup, out var before);
        _previous[cgroup] = sample;
        return (new CpuStats(now, CgroupStats.NanoCores(before, sample), sample.CpuUsageNanos),
            new MemoryStats(now, sample.MemoryUsageBytes, sample.WorkingSetBytes, sample.RssBytes));
    }
}
