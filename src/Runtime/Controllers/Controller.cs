using Cluster.Runtime.Queue;
using Microsoft.Extensions.Logging;

namespace Cluster.Runtime.Controllers;

/// <summary>
/// Runs one reconciler: its event sources fill a work queue with keys, and up to <c>concurrency</c> workers
/// reconcile them, one worker per key at a time. Errors are retried with the queue's rate limiter; a
/// <see cref="ReconcileResult"/> asks for a later look; success resets the key's backoff. Workers start once every
/// source's informer has synced.
/// </summary>
public sealed partial class Controller<T> : IController
{
    private readonly IReconciler<T> _reconciler;
    private readonly IReadOnlyList<IEventSource> _sources;
    private readonly int _concurrency;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ControllerMetrics? _metrics;
    private readonly KeyValuePair<string, object?> _tag;

    internal Controller(string name, IReconciler<T> reconciler, IReadOnlyList<IEventSource> sources, int concurrency,
        IRateLimiter<ObjectKey> limiter, TimeProvider time, ILogger log, ControllerMetrics? metrics, WorkQueueMetrics? queueMetrics)
    {
        Name = name;
        _reconciler = reconciler;
        _sources = sources;
        _concurrency = concurrency;
        _time = time;
        _log = log;
        _metrics = metrics;
        _tag = new("controller", name);
        Queue = new WorkQueue<ObjectKey>(name, limiter, time, queueMetrics);
    }

    public string Name { get; }

    public WorkQueue<ObjectKey> Queue { get; }

    /// <inheritdoc/>
    public async Task RunAsync(TimeSpan shutdownTimeout, CancellationToken abort, CancellationToken stop)
    {
        using var hard = CancellationTokenSource.CreateLinkedTokenSource(abort);
        using var sourcesStop = CancellationTokenSource.CreateLinkedTokenSource(stop, abort);
        var sources = _sources.Select(s => Task.Run(() => s.RunAsync(Queue, sourcesStop.Token), CancellationToken.None)).ToList();
        Task[] workers = [];
        try
        {
            await Task.WhenAll(_sources.Select(s => s.WaitForSyncAsync(sourcesStop.Token)));
            _metrics?.MaxConcurrentReconciles.Add(_concurrency, _tag);
            LogStarted(_log, Name, _concurrency);
            workers = [.. Enumerable.Range(0, _concurrency).Select(_ => Task.Run(() => WorkAsync(hard.Token), CancellationToken.None))];
            await Task.Delay(Timeout.Infinite, sourcesStop.Token);
        }
        catch (OperationCanceledException) when (sourcesStop.IsCancellationRequested)
        {
        }
        finally
        {
            Queue.ShutDown();
            if (abort.IsCancellationRequested) await hard.CancelAsync();
            var allDone = Task.WhenAll(workers);
            if (await Task.WhenAny(allDone, Task.Delay(shutdownTimeout, _time, CancellationToken.None)) != allDone)
            {
                LogShutdownTimeout(_log, Name, shutdownTimeout.TotalSeconds);
                await hard.CancelAsync();
            }
            await allDone;
            await Task.WhenAll(sources);
            if (workers.Length > 0) _metrics?.MaxConcurrentReconciles.Add(-_concurrency, _tag);
            Queue.Dispose();
        }
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        while (true)
        {
            var work = await Queue.GetAsync(CancellationToken.None);
            if (work.ShutDown) return;
            _metrics?.ActiveWorkers.Add(1, _tag);
            try
            {
                await ReconcileAsync(work.Item, ct);
            }
            finally
            {
                _metrics?.ActiveWorkers.Add(-1, _tag);
                Queue.Done(work.Item);
            }
        }
    }

    private async Task ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        string outcome;
        try
        {
            var result = await _reconciler.ReconcileAsync(key, ct);
            if (result.RequeueAfter is { } after && after > TimeSpan.Zero)
            {
                Queue.Forget(key);
                Queue.AddAfter(key, after);
                outcome = "requeue_after";
            }
            else if (result.Requeue)
            {
                Queue.AddRateLimited(key);
                outcome = "requeue";
            }
            else
            {
                Queue.Forget(key);
                outcome = "success";
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            outcome = "error"; // cancelled by shutdown; the next leader or run picks the key up again
        }
        catch (TerminalException terminal)
        {
            Queue.Forget(key);
            _metrics?.TerminalErrors.Add(1, _tag);
            LogTerminal(_log, Name, key.ToString(), terminal.Message);
            outcome = "error";
        }
        catch (Exception failure)
        {
            Queue.AddRateLimited(key);
            _metrics?.ReconcileErrors.Add(1, _tag);
            LogFailed(_log, Name, key.ToString(), Queue.NumRequeues(key), failure);
            outcome = "error";
        }
        _metrics?.ReconcileTime.Record(_time.GetElapsedTime(started).TotalSeconds, _tag);
        _metrics?.ReconcileTotal.Add(1, _tag, new("result", outcome));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "controller {Controller} started with {Workers} workers")]
    private static partial void LogStarted(ILogger log, string controller, int workers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "controller {Controller}: in-flight reconciles did not finish within {Seconds} s; cancelling them")]
    private static partial void LogShutdownTimeout(ILogger log, string controller, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "controller {Controller}: reconcile of {Key} failed for good: {Reason}")]
    private static partial void LogTerminal(ILogger log, string controller, string key, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "controller {Controller}: reconcile of {Key} failed (retry {Retries})")]
    private static partial void LogFailed(ILogger log, string controller, string key, int retries, Exception error);
}
