namespace Cluster.Runtime.Queue;

/// <summary>
/// A de-duplicating, rate-limited FIFO work queue with client-go's contract:
/// <list type="bullet">
/// <item>Items are handed out in the order they were first added; an item added several times before a worker
/// takes it is handed out once.</item>
/// <item>An item is never handed to two workers at once: added while being processed, it is marked dirty and
/// queued again (at the back) only when its worker calls <see cref="Done"/>. Every <see cref="GetAsync"/> that
/// returns an item must be paired with exactly one <see cref="Done"/>, in a <c>finally</c>;
/// <see cref="ProcessNextAsync"/> does that pairing for the caller.</item>
/// <item><see cref="AddAfter"/> adds once a delay has passed on the injected <see cref="TimeProvider"/>'s monotonic
/// clock (the earliest pending deadline of an item wins); <see cref="AddRateLimited"/> asks the
/// <see cref="IRateLimiter{T}"/> for that delay and <see cref="Forget"/> resets it.</item>
/// <item>After <see cref="ShutDown"/> adds are ignored, pending delayed adds are dropped, items already queued are
/// still handed out, and once the queue is empty waiting and future <see cref="GetAsync"/> calls return
/// <c>ShutDown</c>. <see cref="ShutDownWithDrainAsync"/> also waits until no item is in progress.</item>
/// </list>
/// Thread-safe: one lock guards the queue, the dirty and processing sets, the waiters and the delayed items. Waiters
/// are completed outside the lock, and their continuations run asynchronously.
/// </summary>
public sealed class WorkQueue<T> : IWorkQueueProbe, IDisposable where T : notnull
{
    // System timers reject due times past ~49 days; a longer wait re-arms when the timer fires early.
    private static readonly TimeSpan MaxTimerWait = TimeSpan.FromDays(1);

    private readonly Lock _lock = new(); // guards every mutable field below
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty = [];
    private readonly Dictionary<T, long> _processing = []; // item -> timestamp its worker took it
    private readonly Dictionary<T, long> _queuedAt = [];
    private readonly LinkedList<TaskCompletionSource<WorkItem<T>>> _waiters = new();
    private readonly DelayedItems<T> _delayed = new();
    private readonly IRateLimiter<T> _limiter;
    private readonly TimeProvider _time;
    private readonly WorkQueueMetrics? _metrics;
    private readonly KeyValuePair<string, object?> _tag;
    private readonly ITimer _timer;
    private TaskCompletionSource? _drained;
    private bool _shuttingDown;

    /// <summary>Creates a queue; <paramref name="name"/> tags its metrics. Defaults: the controller limiter, system time.</summary>
    public WorkQueue(string name, IRateLimiter<T>? limiter = null, TimeProvider? time = null, WorkQueueMetrics? metrics = null)
    {
        Name = name;
        _time = time ?? TimeProvider.System;
        _limiter = limiter ?? RateLimiters.DefaultController<T>(_time);
        _metrics = metrics;
        _tag = new("name", name);
        _timer = _time.CreateTimer(_ => AddDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        metrics?.Register(this);
    }

    /// <summary>The queue's name, the <c>name</c> tag of its metrics.</summary>
    public string Name { get; }

    /// <summary>Items waiting to be handed out (not those in progress or delayed); upstream's <c>Len</c>.</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _queue.Count;
        }
    }

    /// <summary>Whether <see cref="ShutDown"/> or <see cref="ShutDownWithDrainAsync"/> has been called.</summary>
    public bool IsShuttingDown
    {
        get
        {
            lock (_lock) return _shuttingDown;
        }
    }

    /// <summary>Queues <paramref name="item"/> unless it is already queued; if it is in progress, it is queued again after <see cref="Done"/>.</summary>
    public void Add(T item)
    {
        TaskCompletionSource<WorkItem<T>>? waiter = null;
        lock (_lock)
        {
            if (_shuttingDown || !_dirty.Add(item)) return;
            _metrics?.Adds.Add(1, _tag);
            if (_processing.ContainsKey(item)) return; // Done queues it again
            waiter = Enqueue(item);
        }
        Hand(waiter, item);
    }

    /// <summary>
    /// Adds <paramref name="item"/> once <paramref name="delay"/> has passed (at once if it is not positive); if the item
    /// already waits for an earlier deadline, that one stands. Counts as a retry in the metrics, as upstream.
    /// </summary>
    public void AddAfter(T item, TimeSpan delay)
    {
        lock (_lock)
        {
            if (_shuttingDown) return;
            _metrics?.Retries.Add(1, _tag);
            if (delay > TimeSpan.Zero)
            {
                _delayed.Schedule(item, DueAt(_time.GetTimestamp(), delay));
                ArmTimer();
                return;
            }
        }
        Add(item);
    }

    /// <summary>Adds the item after the rate limiter's delay for it (a retry; each call counts one).</summary>
    public void AddRateLimited(T item) => AddAfter(item, _limiter.When(item));

    /// <summary>The item succeeded: its backoff starts over. Does not remove it from the queue.</summary>
    public void Forget(T item) => _limiter.Forget(item);

    /// <summary>How many rate-limited retries the item has had since it was last forgotten.</summary>
    public int NumRequeues(T item) => _limiter.NumRequeues(item);

    /// <summary>
    /// Waits for the next item (FIFO among waiting workers too); pair each item returned with one <see cref="Done"/>.
    /// Returns <c>ShutDown</c> once the queue is shut down and empty; throws <see cref="OperationCanceledException"/>
    /// if <paramref name="ct"/> fires first, in which case no item was taken.
    /// </summary>
    public ValueTask<WorkItem<T>> GetAsync(CancellationToken ct = default)
    {
        LinkedListNode<TaskCompletionSource<WorkItem<T>>> node;
        lock (_lock)
        {
            if (_queue.Count > 0) return ValueTask.FromResult(new WorkItem<T>(Take(), false));
            if (_shuttingDown) return ValueTask.FromResult(new WorkItem<T>(default!, true));
            ct.ThrowIfCancellationRequested();
            node = _waiters.AddLast(new TaskCompletionSource<WorkItem<T>>(TaskCreationOptions.RunContinuationsAsynchronously));
        }
        return WaitAsync(node, ct);
    }

    /// <summary>
    /// Takes the next item, awaits <paramref name="process"/> on it and marks it <see cref="Done"/> however that ends.
    /// Returns false, without calling <paramref name="process"/>, once the queue is shut down and empty.
    /// <paramref name="ct"/> cancels both the wait and the processing.
    /// </summary>
    public async ValueTask<bool> ProcessNextAsync(Func<T, CancellationToken, ValueTask> process, CancellationToken ct = default)
    {
        var work = await GetAsync(ct);
        if (work.ShutDown) return false;
        try
        {
            await process(work.Item, ct);
        }
        finally
        {
            Done(work.Item);
        }
        return true;
    }

    /// <summary>The worker is finished with <paramref name="item"/>; if it was added meanwhile it is queued again. A no-op for an item not in progress.</summary>
    public void Done(T item)
    {
        TaskCompletionSource<WorkItem<T>>? waiter = null;
        TaskCompletionSource? drained = null;
        lock (_lock)
        {
            if (!_processing.Remove(item, out var started)) return;
            _metrics?.WorkDuration.Record(_time.GetElapsedTime(started).TotalSeconds, _tag);
            if (_dirty.Contains(item)) waiter = Enqueue(item);
            if (_processing.Count == 0) drained = _drained;
        }
        Hand(waiter, item);
        drained?.TrySetResult();
    }

    /// <summary>Stops taking adds: items already queued are still handed out, then workers get <c>ShutDown</c>.</summary>
    public void ShutDown() => BeginShutDown(drain: false);

    /// <summary>
    /// Shuts down, then waits until no item is in progress (every handed-out item is <see cref="Done"/>), or
    /// <paramref name="ct"/> fires, which throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public Task ShutDownWithDrainAsync(CancellationToken ct) => BeginShutDown(drain: true)!.WaitAsync(ct);

    /// <summary>Shuts down, stops the delay timer and detaches the queue from its metrics.</summary>
    public void Dispose()
    {
        ShutDown();
        _timer.Dispose();
        _metrics?.Unregister(this);
    }

    double IWorkQueueProbe.UnfinishedWorkSeconds()
    {
        var now = _time.GetTimestamp();
        lock (_lock) return _processing.Values.Sum(t => _time.GetElapsedTime(t, now).TotalSeconds);
    }

    double IWorkQueueProbe.LongestRunningSeconds()
    {
        var now = _time.GetTimestamp();
        lock (_lock) return _processing.Count == 0 ? 0 : _processing.Values.Max(t => _time.GetElapsedTime(t, now).TotalSeconds);
    }

    // Marking the shutdown and (for a drain) checking for work in progress happen under one lock, so a Done
    // between the two cannot be missed.
    private Task? BeginShutDown(bool drain)
    {
        List<TaskCompletionSource<WorkItem<T>>> waiters;
        Task? drained = null;
        lock (_lock)
        {
            _shuttingDown = true;
            if (drain)
            {
                _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_processing.Count == 0) _drained.TrySetResult();
                drained = _drained.Task;
            }
            waiters = [.. _waiters];
            _waiters.Clear();
            _delayed.Clear();
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        // The queue is empty whenever a worker waits, so every waiter is told to stop.
        foreach (var waiter in waiters) waiter.TrySetResult(new(default!, true));
        return drained;
    }

    // Outside _lock: completes the waiter Enqueue chose. If its caller was cancelled meanwhile, the item goes back.
    private void Hand(TaskCompletionSource<WorkItem<T>>? waiter, T item)
    {
        while (waiter is not null && !waiter.TrySetResult(new(item, false)))
        {
            TaskCompletionSource? drained = null;
            lock (_lock)
            {
                _processing.Remove(item);
                _dirty.Add(item);
                waiter = Enqueue(item);
                if (waiter is null && _processing.Count == 0) drained = _drained;
            }
            drained?.TrySetResult();
        }
    }

    // Under _lock: hands the item straight to a waiting worker (returned, to be completed outside the lock) or queues it.
    private TaskCompletionSource<WorkItem<T>>? Enqueue(T item)
    {
        while (_waiters.First is { } node)
        {
            _waiters.RemoveFirst();
            if (node.Value.Task.IsCompleted) continue; // its caller gave up
            _dirty.Remove(item);
            _processing[item] = _time.GetTimestamp();
            _metrics?.QueueDuration.Record(0, _tag);
            return node.Value;
        }
        _queue.Enqueue(item);
        _queuedAt[item] = _time.GetTimestamp();
        _metrics?.Depth.Add(1, _tag);
        return null;
    }

    // Under _lock.
    private T Take()
    {
        var item = _queue.Dequeue();
        _metrics?.Depth.Add(-1, _tag);
        if (_queuedAt.Remove(item, out var at)) _metrics?.QueueDuration.Record(_time.GetElapsedTime(at).TotalSeconds, _tag);
        _dirty.Remove(item);
        _processing[item] = _time.GetTimestamp();
        return item;
    }

    private async ValueTask<WorkItem<T>> WaitAsync(LinkedListNode<TaskCompletionSource<WorkItem<T>>> node, CancellationToken ct)
    {
        if (!ct.CanBeCanceled) return await node.Value.Task;
        await using var registration = ct.Register(() =>
        {
            lock (_lock)
            {
                if (node.List is not null) _waiters.Remove(node); // otherwise an item may be on its way: Hand takes it back
            }
            node.Value.TrySetCanceled(ct);
        });
        return await node.Value.Task;
    }

    // The timestamp delay after now, saturating rather than overflowing for huge delays.
    private long DueAt(long now, TimeSpan delay)
    {
        var ticks = Math.Round((double)delay.Ticks * _time.TimestampFrequency / TimeSpan.TicksPerSecond);
        return ticks >= long.MaxValue - now ? long.MaxValue : now + (long)ticks;
    }

    // Timer callback: adds every item whose deadline has passed.
    private void AddDue()
    {
        List<T> due = [];
        lock (_lock)
        {
            _delayed.TakeDue(_time.GetTimestamp(), due);
            ArmTimer();
        }
        foreach (var item in due) Add(item);
    }

    // Under _lock: arms the timer for the earliest deadline, or disarms it.
    private void ArmTimer()
    {
        if (_shuttingDown || _delayed.Next is not { } next)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }
        var now = _time.GetTimestamp();
        var wait = next <= now ? TimeSpan.Zero
            : (double)(next - now) / _time.TimestampFrequency >= MaxTimerWait.TotalSeconds ? MaxTimerWait
            : _time.GetElapsedTime(now, next);
        _timer.Change(wait, Timeout.InfiniteTimeSpan);
    }
}
