using System.Collections.Concurrent;
using Cluster.Api.Core.V1;
using Cluster.Kubelet.Containers;
using Cluster.Kubelet.Probes;
using Cluster.Runtime;
using Cluster.Runtime.Client.Errors;
using Cluster.Runtime.Controllers;

namespace Cluster.Kubelet.Pods;

public sealed partial class PodWorkers
{
    /// <summary>Stops a deleted pod in the background (its grace period may be long), then removes its object.</summary>
    private void StartTermination(ObjectKey key, Pod pod)
    {
        var uid = pod.Metadata!.Uid!;
        if (_terminating.ContainsKey(uid)) return;
        var done = new TaskCompletionSource();
        if (!_terminating.TryAdd(uid, done.Task)) return;
        _ = Task.Run(async () =>
        {
            try
            {
                await TerminateAsync(pod, CancellationToken.None);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogTerminationFailed(logger, e, pod.Metadata.Namespace, pod.Metadata.Name);
            }
            finally
            {
                _terminating.TryRemove(uid, out _);
                done.TrySetResult();
                Enqueue?.Invoke(key);
            }
        });
    }

    private async Task TerminateAsync(Pod pod, CancellationToken ct)
    {
        var uid = pod.Metadata!.Uid!;
        var grace = GracePeriod(pod);
        var running = (await context.Runtime.ListContainersAsync(ct)).Where(c => c.PodUid == uid && c.State == ContainerRunState.Running).ToList();
        var specs = (pod.Spec?.InitContainers ?? []).Concat(pod.Spec?.Containers ?? []).ToList();
        await Task.WhenAll(running.Select(c =>
        {
            if (specs.FirstOrDefault(s => s.Name == c.Name) is { } spec) context.Events.Normal(pod, "Killing", $"Stopping container {c.Name}");
            return StopWithHookAsync(pod, specs.FirstOrDefault(s => s.Name == c.Name), c, grace, ct);
        }));
        await RemovePodAsync(uid, pod, ct);
        try
        {
            await context.Client.DeleteAsync<Pod>(new ObjectKey(pod.Metadata.Namespace ?? "default", pod.Metadata.Name!),
                new Api.Meta.V1.DeleteOptions { GracePeriodSeconds = 0, Preconditions = new Api.Meta.V1.Preconditions { Uid = uid } }, ct);
        }
        catch (Exception e) when (e is NotFoundException or ConflictException)
        {
        }
    }

    /// <summary>Removes everything the runtime and the node hold for a pod uid: containers, sandboxes, volumes, logs.</summary>
    private async Task RemovePodAsync(string uid, Pod? pod, CancellationToken ct)
    {
        var sandboxes = (await context.Runtime.ListPodSandboxesAsync(ct)).Where(s => s.Config.PodUid == uid).ToList();
        foreach (var container in (await context.Runtime.ListContainersAsync(ct)).Where(c => c.PodUid == uid)) probes.Forget(container.Id);
        foreach (var sandbox in sandboxes)
        {
            await context.Runtime.StopPodSandboxAsync(sandbox.Id, ct);
            await context.Runtime.RemovePodSandboxAsync(sandbox.Id, ct);
        }

        context.Volumes.TearDown(uid, pod?.Spec?.Volumes ?? []);
        var identity = sandboxes.Select(s => (s.Config.PodNamespace, s.Config.PodName)).FirstOrDefault();
        var (ns, name) = pod is not null ? (pod.Metadata!.Namespace ?? "default", pod.Metadata.Name!) : identity;
        if (name is not null)
        {
            var logs = context.Paths.PodLogs(ns, name, uid);
            if (Directory.Exists(logs)) Directory.Delete(logs, recursive: true);
        }

        _backoff.Forget(uid);
        _waiting.TryRemove(uid, out _);
        _keysByUid.TryRemove(uid, out _);
    }

    /// <summary>Removes runtime state of pods no longer bound here (deleted while the agent was down); keys of known pods are resynced.</summary>
    public async Task<IReadOnlyList<ObjectKey>> HousekeepAsync(CancellationToken ct)
    {
        var keys = new List<ObjectKey>();
        foreach (var sandbox in await context.Runtime.ListPodSandboxesAsync(ct))
        {
            var key = new ObjectKey(sandbox.Config.PodNamespace, sandbox.Config.PodName);
            if (cache.Get<Pod>(key)?.Metadata?.Uid == sandbox.Config.PodUid) continue;
            if (!_terminating.ContainsKey(sandbox.Config.PodUid)) keys.Add(key);
        }

        return keys.Distinct().ToList();
    }

    /// <summary>preStop (within the grace period), then the stop signal, then SIGKILL when the rest of the grace period is up.</summary>
    private async Task StopWithHookAsync(Pod pod, Container? container, ContainerInfo running, TimeSpan grace, CancellationToken ct)
    {
        var started = context.Time.GetUtcNow();
        if (container?.Lifecycle?.PreStop is { } preStop && grace > TimeSpan.Zero)
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
            budget.CancelAfter(grace);
            try
            {
                var failure = await RunHookAsync(pod, container, running, preStop, grace, budget.Token);
                if (failure is not null)
                    context.Events.Warning(pod, "FailedPreStopHook", $"PreStopHook failed: {failure}");
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
            }
        }

        var left = grace - (context.Time.GetUtcNow() - started);
        await context.Runtime.StopContainerAsync(running.Id, left > TimeSpan.Zero ? left : TimeSpan.Zero, ct);
    }

    private async Task PostStartAsync(Pod pod, Container container, ContainerInfo started, CancellationToken ct)
    {
        if (container.Lifecycle?.PostStart is not { } postStart) return;
        var failure = await RunHookAsync(pod, container, started, postStart, GracePeriod(pod), ct);
        if (failure is null) return;
        context.Events.Warning(pod, "FailedPostStartHook", $"PostStartHook failed: {failure}");
        await context.Runtime.StopContainerAsync(started.Id, TimeSpan.Zero, ct);
    }

    /// <summary>Runs a lifecycle handler (exec, httpGet, sleep); returns why it failed, or null.</summary>
    private async Task<string?> RunHookAsync(Pod pod, Container container, ContainerInfo target, LifecycleHandler handler, TimeSpan timeout, CancellationToken ct)
    {
        if (handler.Exec is { } exec)
        {
            var result = await context.Runtime.ExecSyncAsync(target.Id, exec.Command ?? [], timeout, ct);
            return result.ExitCode == 0 ? null : $"command '{string.Join(' ', exec.Command ?? [])}' exited with {result.ExitCode}: {result.Output.Trim()}";
        }

        if (handler.HttpGet is { } http)
        {
            var ip = pod.Spec?.HostNetwork == true ? context.HostIp : pod.Status?.PodIP ?? "127.0.0.1";
            var outcome = await NetworkProbes.HttpGetAsync(http, ip, container.Ports, timeout, ct);
            return outcome.Result == ProbeResult.Success ? null : outcome.Message;
        }

        if (handler.Sleep is { } sleep)
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, sleep.Seconds ?? 0)), context.Time, ct);
            return null;
        }

        return null;
    }

    private async Task<ReconcileResult> PostStatusAsync(Pod pod, SandboxInfo? sandbox, ConcurrentDictionary<string, Waiting> waiting, bool terminal,
        ReconcileResult result, CancellationToken ct)
    {
        var uid = pod.Metadata!.Uid!;
        var containers = sandbox is null ? [] : (await context.Runtime.ListContainersAsync(ct)).Where(c => c.PodUid == uid && c.SandboxId == sandbox.Id).ToList();
        var view = new PodView
        {
            Sandbox = sandbox,
            Containers = containers,
            Waiting = new Dictionary<string, Waiting>(waiting),
            Ready = probes.Ready,
            Started = probes.Started,
            HostIp = context.HostIp,
            Terminal = terminal,
        };
        var status = PodStatuses.Build(pod, view, context.Time.GetUtcNow());
        if (StatusJson(status) == StatusJson(pod.Status)) return result;
        await context.Client.UpdateStatusAsync(pod with { Status = status }, ct: ct);
        return result;
    }
}
