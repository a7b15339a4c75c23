using System.Collections.Concurrent;
using System.Diagnostics;
using Cluster.Runtime.Client;

namespace Cluster.Scheduler.Bench;

/// <summary>Watches a namespace's pods and notes when each was first seen bound to a node (first in the watch of bound pods).</summary>
internal sealed class BindWatch : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, TimeSpan> _bound = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock;
    private readonly Task _watching;

    public BindWatch(ClusterClient client, string ns, Stopwatch clock)
    {
        _clock = clock;
        // The harness competes for the same cores as what it measures: its watch admits bound pods only (a pod's
        // binding brings it into the selector) and carries their metadata alone, of which it reads the name.
        var pods = new ResourceClient<DynamicObject>(client.Transport, new BoundPodCodec());
        var boundOnly = new ListOptions { FieldSelector = "spec.nodeName!=" };
        _watching = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await foreach (var e in pods.WatchAsync(ns, boundOnly, _stop.Token))
                        if (e.Type is WatchEventType.Added or WatchEventType.Modified && e.Object.Metadata?.Name is { } name) _bound.TryAdd(name, _clock.Elapsed);
                }
                catch (Exception) when (!_stop.IsCancellationRequested)
                {
                    await Task.Delay(100);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
    }

    public int Count => _bound.Count;

    public IReadOnlyDictionary<string, TimeSpan> Bound => _bound;

    public async Task WaitAsync(int count, TimeSpan timeout)
    {
        var deadline = _clock.Elapsed + timeout;
        while (_bound.Count < count)
        {
            if (_clock.Elapsed > deadline) throw new TimeoutException($"{_bound.Count} of {count} pods bound within {timeout}");
            await Task.Delay(50);
        }
    }

    /// <summary>Pods per second from the binding after the first <paramref name="skipped"/> fraction of them to the last.</summary>
    public double Throughput(double skipped = 0)
    {
        var times = _bound.Values.Order().ToList();
        var first = (int)(times.Count * skipped);
        return times.Count - first < 2 ? double.NaN : (times.Count - 1 - first) / (times[^1] - times[first]).TotalSeconds;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        _stop.Dispose();
    }
}
