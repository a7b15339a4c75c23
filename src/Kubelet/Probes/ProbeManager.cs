using System.Collections.Concurrent;
using Cluster.Api.Core.V1;
using Cluster.Kubelet.Containers;
using Cluster.Runtime;
using Cluster.Runtime.Events;

namespace Cluster.Kubelet.Probes;

/// <summary>
/// One worker per probe of each running container: it waits the initial delay, then probes every period (exec through
/// the runtime, httpGet and tcpSocket against the pod IP), and tells the pod worker when a reported result changes.
/// Liveness and readiness wait for the startup probe to succeed. Failures are reported as Unhealthy events.
/// </summary>
public sealed class ProbeManager(IContainerRuntime runtime, EventRecorder events, TimeProvider time) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ContainerProbes> _containers = new();
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Called with the pod's key when a probe's reported result changes.</summary>
    public Action<ObjectKey>? Changed { get; set; }

    public void Track(ObjectKey podKey, Pod pod, Container container, ContainerInfo running, string? podIp)
    {
        if (container.StartupProbe is null && container.LivenessProbe is null && container.ReadinessProbe is null) return;
        var probes = new ContainerProbes(container, CancellationTokenSource.CreateLinkedTokenSource(_stop.Token));
        if (!_containers.TryAdd(running.Id, probes))
        {
            probes.Cancel.Dispose();
            return;
        }

        var startedAt = running.StartedAt ?? time.GetUtcNow();
        foreach (var (kind, probe) in new[] { (ProbeKind.Startup, container.StartupProbe), (ProbeKind.Liveness, container.LivenessProbe), (ProbeKind.Readiness, container.ReadinessProbe) })
        {
            if (probe is null) continue;
            var state = new ProbeState(kind, ProbeThresholds.Of(probe, kind));
            probes.States[kind] = state;
            _ = Task.Run(() => RunAsync(podKey, pod, container, running.Id, probe, state, probes, startedAt, podIp, probes.Cancel.Token));
        }
    }

    /// <summary>Stops the probes of a container that ended or was removed.</summary>
    public void Forget(string containerId)
    {
        if (!_containers.TryRemove(containerId, out var probes)) return;
        probes.Cancel.Cancel();
        probes.Cancel.Dispose();
    }

    /// <summary>Ready unless a readiness probe has not (yet) succeeded.</summary>
    public bool Ready(ContainerInfo container) =>
        !_containers.TryGetValue(container.Id, out var probes) || !probes.States.TryGetValue(ProbeKind.Readiness, out var state) || state.Reported == ProbeResult.Success;

    /// <summary>Started unless a startup probe has not (yet) succeeded.</summary>
    public bool Started(ContainerInfo container) =>
        !_containers.TryGetValue(container.Id, out var probes) || !probes.States.TryGetValue(ProbeKind.Startup, out var state) || state.Reported == ProbeResult.Success;

    /// <summary>The failure that should restart the container (liveness, or a startup probe that gave up), or null.</summary>
    public string? RestartReason(string containerId)
    {
        if (!_containers.TryGetValue(containerId, out var probes)) return null;
        if (probes.States.TryGetValue(ProbeKind.Liveness, out var liveness) && liveness.Reported == ProbeResult.Failure) return "liveness";
        if (probes.States.TryGetValue(ProbeKind.Startup, out var startup) && startup.Reported == ProbeResult.Failure) return "startup";
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _stop.Dispose();
    }

    private async Task RunAsync(ObjectKey podKey, Pod pod, Container container, string containerId, Probe probe, ProbeState state, ContainerProbes probes,
        DateTimeOffset startedAt, string? podIp, CancellationToken ct)
    {
        var thresholds = state.Thresholds;
        try
        {
            var delay = startedAt + thresholds.InitialDelay - time.GetUtcNow();
            if (delay > TimeSpan.Zero) await Task.Delay(delay, time, ct);
            while (!ct.IsCancellationRequested)
            {
                var waitsForStartup = state.Kind != ProbeKind.Startup && probes.States.TryGetValue(ProbeKind.Startup, out var startup) && startup.Reported != ProbeResult.Success;
                // A startup probe that succeeded is done; one that failed has asked for a restart.
                var startupDone = state.Kind == ProbeKind.Startup && state.Reported != ProbeResult.Unknown;
                if (!waitsForStartup && !startupDone)
                {
                    var outcome = await ProbeOnceAsync(containerId, probe, podIp, container.Ports, thresholds.Timeout, ct);
                    if (outcome.Result == ProbeResult.Failure)
                        events.Warning(pod, "Unhealthy", $"{state.Kind} probe failed: {outcome.Message}".Trim());
                    if (state.Record(outcome)) Changed?.Invoke(podKey);
                }

                await Task.Delay(thresholds.Period, time, ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<ProbeOutcome> ProbeOnceAsync(string containerId, Probe probe, string? podIp, IReadOnlyList<ContainerPort>? ports, TimeSpan timeout, CancellationToken ct)
    {
        if (probe.Exec is { } exec)
        {
            var result = await runtime.ExecSyncAsync(containerId, exec.Command ?? [], timeout, ct);
            if (result.TimedOut) return ProbeOutcome.Failure($"command timed out after {timeout.TotalSeconds:0.###}s");
            return result.ExitCode == 0 ? ProbeOutcome.Success(result.Output) : ProbeOutcome.Failure(result.Output.Trim());
        }

        var host = podIp ?? "127.0.0.1";
        if (probe.HttpGet is { } http) return await NetworkProbes.HttpGetAsync(http, host, ports, timeout, ct);
        if (probe.TcpSocket is { } tcp) return await NetworkProbes.TcpSocketAsync(tcp, host, ports, timeout, ct);
        return ProbeOutcome.Failure("probe type not supported on this node (grpc)");
    }

    private sealed class ContainerProbes(Container container, CancellationTokenSource cancel)
    {
        public Container Container { get; } = container;
        public CancellationTokenSource Cancel { get; } = cancel;
        public ConcurrentDictionary<ProbeKind, ProbeState> States { get; } = new();
    }
}
