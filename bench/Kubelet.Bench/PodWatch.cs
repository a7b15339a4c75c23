using System.Collections.Concurrent;
using System.Diagnostics;
using Cluster.Api.Core.V1;
using Cluster.Runtime.Client;

namespace Cluster.Kubelet.Bench;

/// <summary>What a watch last saw of a pod: its phase and its (single) container's id and restart count.</summary>
internal sealed record PodSeen(string? Phase, string? ContainerId, int RestartCount);

/// <summary>Watches a namespace's pods: when each was first seen bound and Running (on a shared clock), and the latest of each.</summary>
internal sealed class PodWatch : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, TimeSpan> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TimeSpan> _bound = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PodSeen> _latest = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Stopwatch _clock;
    private readonly Task _watching;

    private PodWatch(ClusterClient client, string ns, Stopwatch clock)
    {
        _clock = clock;
        _watching = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    // The list first, so the watch picks up from its resourceVersion and the caller knows it is live.
                    var list = await client.ListAsync<Pod>(ns, ct: _stop.Token);
                    foreach (var pod in list.Items) Note(pod);
                    _started.TrySetResult();
                    await foreach (var e in client.WatchAsync<Pod>(ns, new ListOptions { ResourceVersion = list.ResourceVersion }, _stop.Token))
                    {
                        if (e.Type == WatchEventType.Deleted) _latest.TryRemove(e.Object.Metadata!.Name!, out _);
                        else Note(e.Object);
                    }
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                }
                catch (Exception e) when (!_stop.IsCancellationRequested)
                {
                    Console.Error.WriteLine($"  (watch of {ns} restarts: {e.Message})");
                    await Task.Delay(100);
                }
            }
        });
    }

    public static async Task<PodWatch> StartAsync(ClusterClient client, string ns, Stopwatch clock)
    {
        var watch = new PodWatch(client, ns, clock);
        await watch._started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return watch;
    }

    public IReadOnlyDictionary<string, TimeSpan> Running => _running;

    /// <summary>When each pod was first seen bound to a node (by the scheduler).</summary>
    public IReadOnlyDictionary<string, TimeSpan> Bound => _bound;

    public IReadOnlyDictionary<string, PodSeen> Latest => _latest;

    private void Note(Pod pod)
    {
        var name = pod.Metadata!.Name!;
        var status = pod.Status?.ContainerStatuses is { Count: > 0 } statuses ? statuses[0] : null;
        _latest[name] = new PodSeen(pod.Status?.Phase, status?.ContainerID, status?.RestartCount ?? 0);
        if (pod.Spec?.NodeName is { Length: > 0 }) _bound.TryAdd(name, _clock.Elapsed);
        if (pod.Status?.Phase == "Running") _running.TryAdd(name, _clock.Elapsed);
    }

    /// <summary>Waits until <paramref name="name"/> has been seen Running; returns when (on the clock).</summary>
    public async Task<TimeSpan> WaitRunningAsync(string name, TimeSpan timeout)
    {
        var deadline = _clock.Elapsed + timeout;
        while (true)
        {
            if (_running.TryGetValue(name, out var at)) return at;
            if (_clock.Elapsed > deadline) throw new TimeoutException($"pod {name} not Running within {timeout} (last seen: {_latest.GetValueOrDefault(name)})");
            Interruption.ThrowIfRequested();
            await Task.Delay(2);
        }
    }

    /// <summary>Waits until all <paramref name="names"/> have been seen Running; returns when the last was.</summary>
    public async Task<TimeSpan> WaitAllRunningAsync(IReadOnlyCollection<string> names, TimeSpan timeout)
    {
        var deadline = _clock.Elapsed + timeout;
        while (true)
        {
            var missing = names.Count(n => !_running.ContainsKey(n));
            if (missing == 0) return names.Max(n => _running[n]);
            if (_clock.Elapsed > deadline) throw new TimeoutException($"{missing} of {names.Count} pods not Running within {timeout}");
            Interruption.ThrowIfRequested();
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        _stop.Dispose();
    }
}
