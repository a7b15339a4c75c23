using System.Collections.Concurrent;
using System.Globalization;
using Cluster.Api.Core.V1;
using Cluster.Kubelet.Containers;
using Cluster.Kubelet.Images;
using Cluster.Kubelet.Images.Registry;

namespace Cluster.Kubelet.Pods;

public sealed partial class PodWorkers
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);

    /// <summary>Starts what should run now; returns when the pod wants another look (a back-off ending), if ever.</summary>
    private async Task<TimeSpan?> RunContainersAsync(Pod pod, SandboxInfo sandbox, IReadOnlyDictionary<string, string> volumes,
        ConcurrentDictionary<string, Waiting> waiting, CancellationToken ct)
    {
        var uid = pod.Metadata!.Uid!;
        var spec = pod.Spec!;
        var policy = spec.RestartPolicy ?? "Always";
        var instances = (await context.Runtime.ListContainersAsync(ct)).Where(c => c.SandboxId == sandbox.Id).ToList();
        ContainerInfo? Latest(string name) => instances.Where(c => c.Name == name).MaxBy(c => c.Attempt);
        TimeSpan? next = null;

        foreach (var init in spec.InitContainers ?? [])
        {
            var name = init.Name!;
            var sidecar = PodPhases.IsSidecar(init);
            var latest = Latest(name);
            if (latest is { State: ContainerRunState.Running })
            {
                if (sidecar) continue;
                return next; // the next step waits for this one to finish
            }

            if (latest is { State: ContainerRunState.Exited })
            {
                if (!sidecar && latest.ExitCode == 0)
                {
                    waiting.TryRemove(name, out _);
                    continue;
                }

                if (!sidecar && policy == "Never") return next; // the pod has failed
                if (Backoff(pod, name, latest, waiting) is { } wait) return Min(next, wait);
            }

            var started = await StartAsync(pod, init, sandbox, latest is null ? 0 : latest.Attempt + 1, volumes, waiting, ct);
            if (started is null) return Min(next, RetryAfterFailure);
            if (!sidecar) return next;
        }

        foreach (var container in spec.Containers ?? [])
        {
            var name = container.Name!;
            var latest = Latest(name);
            if (latest is { State: ContainerRunState.Running })
            {
                var changed = ContainerAnnotations.Get(latest.Annotations, ContainerAnnotations.SpecHash) != ContainerAnnotations.Hash(container);
                var probeFailure = probes.RestartReason(latest.Id);
                if (!changed && probeFailure is null) continue;
                context.Events.Normal(pod, "Killing", changed
                    ? $"Container {name} definition changed, will be restarted"
                    : $"Container {name} failed {probeFailure} probe, will be restarted");
                await StopWithHookAsync(pod, container, latest, GracePeriod(pod), ct);
                probes.Forget(latest.Id);
                latest = (await context.Runtime.ListContainersAsync(ct)).First(c => c.Id == latest.Id);
                if (changed)
                {
                    // A new definition starts at once, without the crash back-off.
                    if (await StartAsync(pod, container, sandbox, latest.Attempt + 1, volumes, waiting, ct) is null) next = Min(next, RetryAfterFailure);
                    continue;
                }
            }

            if (latest is { State: ContainerRunState.Exited })
            {
                probes.Forget(latest.Id);
                var restart = policy == "Always" || (policy == "OnFailure" && latest.ExitCode != 0);
                if (!restart)
                {
                    waiting.TryRemove(name, out _);
                    continue;
                }

                if (Backoff(pod, name, latest, waiting) is { } wait)
                {
                    next = Min(next, wait);
                    continue;
                }
            }

            if (await StartAsync(pod, container, sandbox, latest is null ? 0 : latest.Attempt + 1, volumes, waiting, ct) is null)
                next = Min(next, RetryAfterFailure);
        }

        await CollectDeadAsync(instances, ct);
        return next;
    }

    /// <summary>CrashLoopBackOff: the wait left before this exited container may start again, recorded as its waiting reason.</summary>
    private TimeSpan? Backoff(Pod pod, string name, ContainerInfo exited, ConcurrentDictionary<string, Waiting> waiting)
    {
        var meta = pod.Metadata!;
        var wait = _backoff.Wait(meta.Uid!, name, exited.FinishedAt ?? context.Time.GetUtcNow());
        if (wait is null) return null;
        var current = _backoff.Current(meta.Uid!, name);
        waiting[name] = new Waiting("CrashLoopBackOff",
            $"back-off {Duration(current)} restarting failed container={name} pod={meta.Name}_{meta.Namespace}({meta.Uid})");
        return wait;
    }

    private static string Duration(TimeSpan span) =>
        span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds}s" : $"{(int)span.TotalSeconds}s";

    /// <summary>Keeps the newest two instances of each container (the current one and the one --previous shows).</summary>
    private async Task CollectDeadAsync(IReadOnlyList<ContainerInfo> instances, CancellationToken ct)
    {
        foreach (var group in instances.GroupBy(c => c.Name))
            foreach (var old in group.OrderByDescending(c => c.Attempt).Skip(2).Where(c => c.State == ContainerRunState.Exited))
                await context.Runtime.RemoveContainerAsync(old.Id, ct);
    }

    /// <summary>Pulls, resolves and starts one container; null when it could not (the reason is in <paramref name="waiting"/>).</summary>
    private async Task<ContainerInfo?> StartAsync(Pod pod, Container container, SandboxInfo sandbox, int attempt, IReadOnlyDictionary<string, string> volumes,
        ConcurrentDictionary<string, Waiting> waiting, CancellationToken ct)
    {
        var meta = pod.Metadata!;
        var name = container.Name!;
        waiting.TryAdd(name, new Waiting("ContainerCreating"));
        LocalImage image;
        try
        {
            image = await PullAsync(pod, container, ct);
        }
        catch (ImagePullException e)
        {
            waiting[name] = new Waiting(e.Reason, e.Message);
            context.Events.Warning(pod, e.Reason == ImagePullException.ImagePullBackOff ? "BackOff" : "Failed", e.Message);
            if (e.Reason != ImagePullException.ImagePullBackOff) context.Events.Warning(pod, "Failed", "Error: " + e.Reason);
            return null;
        }

        ContainerInfo created;
        try
        {
            var env = ContainerEnvironment.Resolve(pod, container, context.Sources);
            var launch = ContainerLaunches.Build(pod, container, image, attempt, env, volumes, context.Paths, context.NodeMemoryBytes);
            created = await context.Runtime.CreateContainerAsync(sandbox.Id, launch, ct);
        }
        catch (Exception e) when (e is ContainerConfigException or ContainerStartException or IOException)
        {
            var reason = e is ContainerStartException start ? start.Reason : e is ContainerConfigException ? "CreateContainerConfigError" : "CreateContainerError";
            waiting[name] = new Waiting(reason, e.Message);
            context.Events.Warning(pod, "Failed", "Error: " + e.Message);
            LogStartFailed(logger, name, meta.Namespace, meta.Name, e.Message);
            return null;
        }

        context.Events.Normal(pod, "Created", $"Created container {name}");
        try
        {
            var started = await context.Runtime.StartContainerAsync(created.Id, ct);
            waiting.TryRemove(name, out _);
            context.Events.Normal(pod, "Started", $"Started container {name}");
            probes.Track(new Runtime.ObjectKey(meta.Namespace ?? "default", meta.Name!), pod, container, started,
                pod.Spec?.HostNetwork == true ? context.HostIp : sandbox.PodIp?.ToString());
            await PostStartAsync(pod, container, started, ct);
            return started;
        }
        catch (ContainerStartException e)
        {
            // The failed instance stays as terminated with StartError; the next sync backs off before trying again.
            waiting[name] = new Waiting(e.Reason, e.Message);
            context.Events.Warning(pod, "Failed", "Error: " + e.Message);
            LogStartFailed(logger, name, meta.Namespace, meta.Name, e.Message);
            return null;
        }
    }

    private async Task<LocalImage> PullAsync(Pod pod, Container container, CancellationToken ct)
    {
        var imageName = container.Image ?? "";
        if (!ImageReference.TryParse(imageName, out var reference, out var error))
            throw new ImagePullException(ImagePullException.InvalidImageName, $"Failed to apply default image tag \"{imageName}\": couldn't parse image name \"{imageName}\": {error}");
        var policy = ImagePullPolicies.Parse(container.ImagePullPolicy, reference);
        var secrets = (pod.Spec?.ImagePullSecrets ?? [])
            .Select(r => r.Name is { } n ? context.Sources.Secret(pod.Metadata!.Namespace ?? "default", n) : null)
            .OfType<Secret>()
            .Select(s => new PullSecret(s.Type, (s.Data ?? new Dictionary<string, ReadOnlyMemory<byte>>()).ToDictionary(p => p.Key, p => p.Value.ToArray())))
            .ToList();
        var image = await context.Images.EnsureImageAsync(imageName, policy, secrets, $"{pod.Metadata!.Uid}/{imageName}", ct);
        context.Events.Normal(pod, "Pulled", image.PulledIn is { } took
            ? $"Successfully pulled image \"{imageName}\" in {took.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)}ms"
            : $"Container image \"{imageName}\" already present on machine");
        return image;
    }

    private TimeSpan GracePeriod(Pod pod) =>
        TimeSpan.FromSeconds(pod.Metadata?.DeletionGracePeriodSeconds ?? pod.Spec?.TerminationGracePeriodSeconds ?? 30);
}
