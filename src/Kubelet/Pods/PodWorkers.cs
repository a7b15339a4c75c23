using System.Collections.Concurrent;
using System.Text.Json;
using Cluster.Api.Core.V1;
using Cluster.Api.Serialization;
using Cluster.Kubelet.Cgroups;
using Cluster.Kubelet.Containers;
using Cluster.Kubelet.Images;
using Cluster.Kubelet.Probes;
using Cluster.Kubelet.Volumes;
using Cluster.Runtime;
using Cluster.Runtime.Builder;
using Cluster.Runtime.Client;
using Cluster.Runtime.Client.Errors;
using Cluster.Runtime.Controllers;
using Cluster.Runtime.Events;
using Microsoft.Extensions.Logging;

namespace Cluster.Kubelet.Pods;

/// <summary>What the pod workers need from the node beyond the runtime.</summary>
public sealed record PodWorkerContext
{
    public required ClusterClient Client { get; init; }
    public required IContainerRuntime Runtime { get; init; }
    public required ImageManager Images { get; init; }
    public required PodPaths Paths { get; init; }
    public required PodVolumes Volumes { get; init; }
    public required IPodSources Sources { get; init; }
    public required EventRecorder Events { get; init; }
    public required string HostIp { get; init; }
    public required long NodeMemoryBytes { get; init; }
    public PodDnsSettings Dns { get; init; } = new();
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// Drives each pod bound to this node toward its spec, one reconcile per pod at a time (the work queue's guarantee): a
/// sandbox first, init containers in order, then the app containers, restarted by the pod's restartPolicy with
/// CrashLoopBackOff; liveness failures and spec changes restart a container; the status is posted when it changed. A
/// pod being deleted is stopped (preStop hooks, stop signal, grace period, kill) in the background and its object
/// removed; pods gone from the API have their containers removed.
/// </summary>
public sealed partial class PodWorkers(PodWorkerContext context, ClusterCache cache, ProbeManager probes, ILogger logger) : IReconciler<Pod>
{
    private readonly RestartBackoff _backoff = new(context.Time);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Waiting>> _waiting = new();
    private readonly ConcurrentDictionary<string, Task> _terminating = new();
    private readonly ConcurrentDictionary<string, ObjectKey> _keysByUid = new();

    /// <summary>Where a pod's reconcile is asked for again (container exits, probe changes, ended terminations).</summary>
    public Action<ObjectKey>? Enqueue { get; set; }

    /// <summary>The pod key of a pod uid this node has seen, for events that carry only the uid.</summary>
    public ObjectKey? KeyOf(string podUid) => _keysByUid.TryGetValue(podUid, out var key) ? key : null;

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        var pod = cache.Get<Pod>(key);
        var sandboxes = await context.Runtime.ListPodSandboxesAsync(ct);
        // Instances of this name that belong to another pod (deleted, or replaced by one of the same name) go.
        foreach (var stale in sandboxes.Where(s => s.Config.PodNamespace == key.Namespace && s.Config.PodName == key.Name && s.Config.PodUid != pod?.Metadata?.Uid)
                     .Select(s => s.Config.PodUid).Distinct())
            await RemovePodAsync(stale, null, ct);
        if (pod?.Metadata?.Uid is not { } uid) return ReconcileResult.Done;
        _keysByUid[uid] = key;

        if (pod.Metadata.DeletionTimestamp is not null)
        {
            StartTermination(key, pod);
            return ReconcileResult.Done;
        }

        try
        {
            return await SyncAsync(pod, ct);
        }
        catch (ConflictException)
        {
            return ReconcileResult.Retry; // a newer pod is on its way to the cache
        }
        catch (NotFoundException)
        {
            return ReconcileResult.Done;
        }
    }

    private async Task<ReconcileResult> SyncAsync(Pod pod, CancellationToken ct)
    {
        var uid = pod.Metadata!.Uid!;
        var spec = pod.Spec!;
        var waiting = _waiting.GetOrAdd(uid, _ => new ConcurrentDictionary<string, Waiting>());
        var terminal = PodPhases.IsTerminal(pod.Status?.Phase);
        var sandbox = (await context.Runtime.ListPodSandboxesAsync(ct)).Where(s => s.Config.PodUid == uid).MaxBy(s => s.CreatedAt);
        TimeSpan? next = null;

        if (terminal)
        {
            // A finished pod keeps its containers (for logs) but releases its network and processes.
            if (sandbox is { State: SandboxState.Ready }) await context.Runtime.StopPodSandboxAsync(sandbox.Id, ct);
        }
        else
        {
            if (sandbox is not { State: SandboxState.Ready })
            {
                sandbox = await CreateSandboxAsync(pod, sandbox, ct);
                if (sandbox is null) return await PostStatusAsync(pod, null, waiting, terminal, ReconcileResult.After(TimeSpan.FromSeconds(5)), ct);
            }

            IReadOnlyDictionary<string, string> volumes;
            try
            {
                WritePodFiles(pod, sandbox);
                volumes = await context.Volumes.SetUpAsync(pod, ct);
            }
            catch (Exception e) when (e is VolumeSetupException or IOException or UnauthorizedAccessException)
            {
                context.Events.Warning(pod, "FailedMount", $"MountVolume.SetUp failed: {e.Message}");
                return await PostStatusAsync(pod, sandbox, waiting, terminal, ReconcileResult.After(TimeSpan.FromSeconds(5)), ct);
            }

            next = await RunContainersAsync(pod, sandbox, volumes, waiting, ct);
            // Projected files follow their objects on the next sync; the kubelet looks about once a minute.
            if (spec.Volumes?.Any(v => v.ConfigMap is not null || v.Secret is not null || v.Projected is not null || v.DownwardAPI is not null) == true)
                next = Min(next, TimeSpan.FromSeconds(60));
        }

        var result = next is { } after ? ReconcileResult.After(after) : ReconcileResult.Done;
        return await PostStatusAsync(pod, sandbox, waiting, terminal, result, ct);
    }

    private async Task<SandboxInfo?> CreateSandboxAsync(Pod pod, SandboxInfo? previous, CancellationToken ct)
    {
        var uid = pod.Metadata!.Uid!;
        var spec = pod.Spec!;
        if (previous is not null)
        {
            // A sandbox that went away takes its containers with it; they start again in the new one.
            await context.Runtime.StopPodSandboxAsync(previous.Id, ct);
        }

        var qos = QosClasses.Of(spec);
        var limits = CgroupResources.PodLevel(spec.Containers?.Select(c => ContainerLimits(c)).ToList() ?? []);
        var config = new SandboxConfig
        {
            PodUid = uid,
            PodNamespace = pod.Metadata.Namespace ?? "default",
            PodName = pod.Metadata.Name!,
            Attempt = previous is null ? 0 : previous.Config.Attempt + 1,
            Hostname = PodFiles.HostName(pod),
            HostNetwork = spec.HostNetwork == true,
            HostIpc = spec.HostIPC == true,
            CgroupParent = CgroupLayout.PodCgroup(qos, uid),
            CgroupLimits = new PodCgroupLimits { CpuShares = limits.Shares, CpuQuotaMicros = limits.QuotaMicros, MemoryBytes = limits.MemoryBytes },
            PortMappings = spec.HostNetwork == true ? [] : [.. (spec.Containers ?? []).SelectMany(c => c.Ports ?? [])
                .Where(p => p.HostPort is > 0)
                .Select(p => new SandboxPortMapping(p.HostPort!.Value, p.ContainerPortValue ?? 0, p.Protocol ?? "TCP", p.HostIP))],
        };
        try
        {
            var sandbox = await context.Runtime.RunPodSandboxAsync(config, ct);
            if (previous is not null) await context.Runtime.RemovePodSandboxAsync(previous.Id, ct);
            return sandbox;
        }
        catch (Exception e) when (e is HostCommandException or IOException or ContainerStartException or InvalidOperationException)
        {
            context.Events.Warning(pod, "FailedCreatePodSandBox", $"Failed to create pod sandbox: {e.Message}");
            LogSandboxFailed(logger, e, pod.Metadata.Namespace, pod.Metadata.Name);
            return null;
        }
    }

    private static (long CpuRequestMilli, long? CpuLimitMilli, long? MemoryLimitBytes) ContainerLimits(Container container)
    {
        static long? Read(IReadOnlyDictionary<string, ResourceQuantity>? values, string name, bool milli) =>
            values is not null && values.TryGetValue(name, out var v) && Api.Quantities.Quantity.TryParse(v.Value, out var q) ? (milli ? q.MilliValue() : q.Value()) : null;
        var limits = container.Resources?.Limits;
        var cpuLimit = Read(limits, "cpu", true);
        return (Read(container.Resources?.Requests, "cpu", true) ?? cpuLimit ?? 0, cpuLimit, Read(limits, "memory", false));
    }

    private void WritePodFiles(Pod pod, SandboxInfo sandbox)
    {
        var uid = pod.Metadata!.Uid!;
        Directory.CreateDirectory(context.Paths.PodDirectory(uid));
        var hostNetwork = pod.Spec?.HostNetwork == true;
        var hosts = hostNetwork && File.Exists("/etc/hosts")
            ? PodFiles.HostNetworkHosts(pod, File.ReadAllText("/etc/hosts"))
            : PodFiles.Hosts(pod, sandbox.PodIp is { } ip ? [ip.ToString()] : [], context.Dns.ClusterDomain);
        WriteIfChanged(context.Paths.EtcHosts(uid), hosts);
        WriteIfChanged(context.Paths.Hostname(uid), (hostNetwork ? Environment.MachineName : PodFiles.HostName(pod)) + "\n");
        var dns = PodDns.Form(pod, context.Dns, ResolverConfig.Read(context.Dns.ResolvConf));
        // Warned when the file is (re)written, not on every sync: the kubelet forms it once per sandbox.
        if (WriteIfChanged(context.Paths.ResolvConf(uid), dns.Config.Render()))
            foreach (var (reason, message) in dns.Warnings) context.Events.Warning(pod, reason, message);
    }

    private static bool WriteIfChanged(string path, string content)
    {
        if (File.Exists(path) && File.ReadAllText(path) == content) return false;
        File.WriteAllText(path, content);
        return true;
    }

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Warning, Message = "creating the sandbox of pod {Namespace}/{Name} failed")]
    private static partial void LogSandboxFailed(ILogger logger, Exception e, string? @namespace, string? name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "stopping pod {Namespace}/{Name} failed")]
    private static partial void LogTerminationFailed(ILogger logger, Exception e, string? @namespace, string? name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "starting container {Container} of pod {Namespace}/{Name} failed: {Reason}")]
    private static partial void LogStartFailed(ILogger logger, string container, string? @namespace, string? name, string reason);

    private static string StatusJson(PodStatus? status) => status is null ? "" : JsonSerializer.Serialize(status, ApiJsonContext.Default.CoreV1PodStatus);
}
