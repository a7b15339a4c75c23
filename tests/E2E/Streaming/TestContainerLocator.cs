using System.Collections.Concurrent;
using Cluster.Kubelet.Server;

namespace Cluster.E2E.Streaming;

/// <summary>
/// The kubelet server's view of pods for streaming tests: each registered pod is one real runc container (the pod
/// workers that will implement <see cref="IContainerLocator"/> are not part of these tests).
/// </summary>
public sealed class TestContainerLocator : IContainerLocator
{
    private readonly ConcurrentDictionary<(string Ns, string Pod), (string Uid, string Container, RuncTestContainer Runc)> _pods = new();

    public void Add(string ns, string pod, string uid, string container, RuncTestContainer runc) => _pods[(ns, pod)] = (uid, container, runc);

    public ValueTask<ContainerTarget> FindContainerAsync(string ns, string pod, string container, bool previous, CancellationToken ct)
    {
        if (!_pods.TryGetValue((ns, pod), out var entry)) throw StreamingException.NotFound($"pod \"{pod}\" in namespace \"{ns}\" not found");
        if (entry.Container != container) throw StreamingException.NotFound($"container \"{container}\" in pod \"{pod}\" not found");
        if (previous) throw StreamingException.BadRequest($"previous terminated container \"{container}\" in pod \"{pod}\" not found");
        var runc = entry.Runc;
        return ValueTask.FromResult(new ContainerTarget(entry.Uid, container, runc.Id, runc.LogPath, runc.Running, Stdin: true, Tty: false, runc.Bundle, runc.Root));
    }

    public async ValueTask<PodTarget> FindPodAsync(string ns, string pod, CancellationToken ct)
    {
        if (!_pods.TryGetValue((ns, pod), out var entry)) throw StreamingException.NotFound($"pod \"{pod}\" in namespace \"{ns}\" not found");
        var pid = await entry.Runc.PidAsync();
        return new PodTarget(entry.Uid, pid > 0 ? $"/proc/{pid}/ns/net" : throw StreamingException.BadRequest($"pod \"{pod}\" is not running"));
    }

    public bool IsRunning(ContainerTarget target) =>
        _pods.Values.FirstOrDefault(p => p.Runc.Id == target.ContainerId).Runc is { } runc && runc.Running;
}
