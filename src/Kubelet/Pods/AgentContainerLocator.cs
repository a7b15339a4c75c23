using Cluster.Api.Core.V1;
using Cluster.Kubelet.Containers;
using Cluster.Kubelet.Containers.Runc;
using Cluster.Kubelet.Server;
using Cluster.Runtime;
using Cluster.Runtime.Builder;

namespace Cluster.Kubelet.Pods;

/// <summary>
/// Finds what a logs, exec, attach or port-forward request names among this node's pods: the pod from the agent's
/// cache, its instances from the runc runtime. Answers "starting" until the pod machinery is up (the server starts
/// first, so the Node can advertise its port).
/// </summary>
public sealed class AgentContainerLocator : IContainerLocator
{
    private volatile PodSources? _pods;

    public void Attach(RuncRuntime runtime, ClusterCache cache) => _pods = new PodSources(runtime, cache);

    public async ValueTask<ContainerTarget> FindContainerAsync(string ns, string pod, string container, bool previous, CancellationToken ct)
    {
        var (runtime, found) = Pod(ns, pod);
        var uid = found.Metadata!.Uid!;
        var instances = (await runtime.ListContainersAsync(ct)).Where(c => c.PodUid == uid && c.Name == container).OrderBy(c => c.Attempt).ToList();
        var specs = (found.Spec?.InitContainers ?? []).Concat(found.Spec?.Containers ?? []);
        if (!specs.Any(c => c.Name == container)) throw StreamingException.BadRequest($"container {container} is not valid for pod {pod}");
        ContainerInfo? target;
        if (previous)
        {
            target = instances.Count > 1 ? instances[^2] : null;
            if (target is null) throw StreamingException.BadRequest($"previous terminated container \"{container}\" in pod \"{pod}\" not found");
        }
        else
        {
            target = instances.LastOrDefault();
            if (target is null)
            {
                var reason = (found.Status?.ContainerStatuses ?? []).Concat(found.Status?.InitContainerStatuses ?? [])
                    .FirstOrDefault(s => s.Name == container)?.State?.Waiting?.Reason ?? "ContainerCreating";
                throw StreamingException.BadRequest($"container \"{container}\" in pod \"{pod}\" is waiting to start: {reason}");
            }
        }

        return new ContainerTarget(uid, container, target.Id, target.LogPath, target.State == ContainerRunState.Running, target.Stdin, target.Tty,
            runtime.BundleDirectory(target.Id), runtime.RuncStateRoot);
    }

    public async ValueTask<PodTarget> FindPodAsync(string ns, string pod, CancellationToken ct)
    {
        var (runtime, found) = Pod(ns, pod);
        var uid = found.Metadata!.Uid!;
        var sandbox = (await runtime.ListPodSandboxesAsync(ct)).Where(s => s.Config.PodUid == uid && s.State == SandboxState.Ready).MaxBy(s => s.CreatedAt)
            ?? throw StreamingException.BadRequest($"pod {pod} is not running");
        return new PodTarget(uid, sandbox.NetnsPath);
    }

    public bool IsRunning(ContainerTarget target) =>
        _pods is { } pods && pods.Runtime.ListContainersAsync(CancellationToken.None).GetAwaiter().GetResult()
            .Any(c => c.Id == target.ContainerId && c.State == ContainerRunState.Running);

    private (RuncRuntime Runtime, Pod Pod) Pod(string ns, string pod)
    {
        if (_pods is not { } pods) throw StreamingException.NotFound("the node agent is starting");
        var found = pods.Cache.Get<Pod>(new ObjectKey(ns, pod)) ?? throw StreamingException.NotFound($"pod \"{pod}\" not found");
        return (pods.Runtime, found);
    }

    private sealed record PodSources(RuncRuntime Runtime, ClusterCache Cache);
}
