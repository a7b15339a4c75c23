namespace Cluster.Runtime.Queue;

/// <summary>
/// A de-duplicating, rate-limited FIFO work queue with client-go's contract:
/// <list type="bullet">
/// <item>An item added several times before a worker takes it is handed out once.</item>
/// <item>An item is never handed to two workers at once: added while being processed, it is marked dirty and
/// queued again only when its worker calls <see cref="Done"/>. Every <see cref="GetAsync"/> that returns an item must
/// be paired with exactly one <see cref="Done"/>, in a <c>finally</c>.</item>
/// <item><see cref="AddAfter"/> adds once a delay has passed (the earliest pending deadline of an item wins);
/// <see cref="AddRateLimited"/> asks the <see cref="IRateLimiter{T}"/> for that delay, <see cref="Forget"/> resets it.</item>
/// <item>After <see cref="ShutDown"/> adds are ignored and waiting and future <see cref="GetAsync"/> calls return
/// <c>ShutDown</c>; <see cref="ShutDownWithDrainAsync"/> also waits for items in progress to be done.</item>
/// </list>
/// Thread-safe: one lock guards the queue, the dirty and processing sets, the waiters and the delayed items.
/// </summary>
public sealed class WorkQueue<T> : IWorkQueueProbe, IDisposable where T : notnull
{
    private readonly Lock _lock = new(); // guards every field below
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty = [];
    private readonly Dictionary<T, long> _processing = []; // item -> timestamp its worker took it
    private readonly Dictionary<T, long> _queuedAt = [];
    private readonly Queue<TaskCompletionSource<WorkItem<T>>> _waiters = new();
    private readonly PriorityQueue<T, DateTimeOffset> _delayed = new();
    private readonly Dictionary<T, DateTimeOffset> _deadlines = [];
    private readonly IRateLimiter<T> _limiter;
    private readonly TimeProvider _time;
    private readonly WorkQueueMetrics? _metrics;
    private readonly KeyValuePair<string, object?> _tag;
    private readonly ITimer _timer;
    private TaskCompletionSource? _drained;
    private bool _shuttingDown;

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

    public string Name { get; }

    /// <summary>Items waiting to be handed out (not those in progress or delayed).</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _queue.Count;
        }
    }

    public bool IsShuttingDown
    {
        get
        {
            lock (_lock) return _shuttingDown;
        }
    }

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

    /// <summary>Adds <paramref name="item"/> once <paramref name="delay"/> has passed; an earlier pending deadline wins.</summary>
    public void AddAfter(T item, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(item);
            return;
        }
        lock (_lock)
        {
            if (_shuttingDown) return;
            var due = _time.GetUtcNow() + delay;
            if (_deadlines.TryGetValue(item, out var existing) && existing <= due) return;
            _deadlines[item] = due;
            _delayed.Enqueue(item, due);
            ArmTimer();
        }
    }

    /// <summary>Adds the item after the rate limiter's delay for it (a retry).</summary>
    public void AddRateLimited(T item)
    {
        _metrics?.Retries.Add(1, _tag);
        AddAfter(item, _limiter.When(item));
    }

    /// <summary>The item succeeded: its backoff starts over.</summary>
    public void Forget(T item) => _limiter.Forget(item);

    public int NumRequeues(T item) => _limiter.NumRequeues(item);

    /// <summary>Waits for the next item; pair each item returned with one <see cref="Done"/>.</summary>
    public ValueTask<WorkItem<T>> GetAsync(CancellationToken ct = default)
    {
        TaskCompletionSource<WorkItem<T>> waiter;
        lock (_lock)
        {
            if (_queue.Count > 0) return ValueTask.FromResult(new WorkItem<T>(Take(), false));
            if (_shuttingDown) return ValueTask.FromResult(new WorkItem<T>(default!, true));
            waiter = new TaskCompletionSource<WorkItem<T>>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
        }
        return WaitAsync(waiter, ct);
    }

    /// <summary>The worker is finished with <paramref name="item"/>; if it was added meanwhile it is queued again.</summary>
    public void Done(T item)
    {
        TaskCompletionSource<WorkItem<T>>? waiter = null;
        TaskCompletionSource? drained = null;
        lock (_lock)
        {
            if (!_processing.Remove(item, out var started)) return;
            _metrics?.WorkDuration.Record(_time.GetElapsedTime(started).TotalSeconds, _tag);
            if (_dirty.Contains(item)) waiter = Enqueue(item);
            if (_processing.Count == 0 && _shuttingDown) drained = _drained;
        }
        Hand(waiter, item);
        drained?.TrySetResult();
    }

    /// <summary>Stops handing out items: waiting workers get <c>ShutDown</c>, adds are ignored.</summary>
    public void ShutDown()
    {
        List<TaskCompletionSource<WorkItem<T>>> waiters;
        lock (_lock)
        {
            _shuttingDown = true;
            waiters = [.. _waiters];
            _waiters.Clear();
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        foreach (var waiter in waiters) waiter.TrySetResult(new(default!, true));
    }

    /// <summary>Shuts down, then waits until every item in progress is <see cref="Done"/> (or <paramref name="ct"/> fires).</summary>
    public async Task ShutDownWithDrainAsync(CancellationToken ct)
    {
        Task drained;
        lock (_lock)
        {
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_processing.Count == 0) _drained.TrySetResult();
            drained = _drained.Task;
        }
        ShutDown();
        await drained.WaitAsync(ct);
    }

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

    // Outside _lock: completes the waiter Enqueue chose. If its caller was cancelled meanwhile, the item goes back.
    private void Hand(TaskCompletionSource<WorkItem<T>>? waiter, T item)
    {
        while (waiter is not null && !waiter.TrySetResult(new(item, false)))
        {
            lock (_lock)
            {
                _processing.Remove(item);
                if (_shuttingDown)
                {
                    if (_processing.Count == 0) _drained?.TrySetResult();
                    return;
                }
                _dirty.Add(item);
                waiter = Enqueue(item);
            }
        }
    }

    // Under _lock: hands the item straight to a waiting worker (returned, to be completed outside the lock) or queues it.
    private TaskCompletionSource<WorkItem<T>>? Enqueue(T item)
    {
        while (_waiters.TryDequeue(out var waiter))
        {
            if (waiter.Task.IsCompleted) continue; // its caller gave up
            _dirty.Remove(item);
            _processing[item] = _time.GetTimestamp();
            _metrics?.QueueDuration.Record(0, _tag);
            return waiter;
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

    private async ValueTask<WorkItem<T>> WaitAsync(TaskCompletionSource<WorkItem<T>> waiter, CancellationToken ct)
    {
        if (!ct.CanBeCanceled) return await waiter.Task;
        await using var registration = ct.Register(static w => ((TaskCompletionSource<WorkItem<T>>)w!).TrySetCanceled(), waiter);
        return await waiter.Task;
    }

    private void AddDue()
    {
        List<T> due = [];
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            while (_delayed.TryPeek(out var item, out var at) && at <= now)
            {
                _delayed.Dequeue();
                if (_deadlines.TryGetValue(item, out var deadline) && deadline == at)
                {
                    _deadlines.Remove(item);
                    due.Add(item);
                }
            }
            ArmTimer();
        }
        foreach (var item in due) Add(item);
    }

    // Under _lock: the timer fires at the earliest live deadline.
    private void ArmTimer()
    {
        while (_delayed.TryPeek(out var item, out var at) && (!_deadlines.TryGetValue(item, out var deadline) || deadline != at)) _delayed.Dequeue();
        if (_shuttingDown || !_delayed.TryPeek(out _, out var next))
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }
        var wait = next - _time.GetUtcNow();
        _timer.Change(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
    }
}
