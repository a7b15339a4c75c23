using System.Diagnostics.Metrics;

namespace Cluster.Runtime.Queue;

/// <summary>
/// The work queue instruments, with upstream's names and a <c>name</c> tag per queue: workqueue_depth,
/// workqueue_adds_total, workqueue_queue_duration_seconds, workqueue_work_duration_seconds, workqueue_retries_total,
/// workqueue_unfinished_work_seconds and workqueue_longest_running_processor_seconds. One per meter; queues register.
/// </summary>
public sealed class WorkQueueMetrics
{
    private readonly Lock _lock = new(); // guards _queues
    private readonly List<IWorkQueueProbe> _queues = [];

    public WorkQueueMetrics(Meter meter)
    {
        Depth = meter.CreateUpDownCounter<long>("workqueue_depth", description: "Current depth of the work queue");
        Adds = meter.CreateCounter<long>("workqueue_adds_total", description: "Total adds handled by the work queue");
        QueueDuration = meter.CreateHistogram<double>("workqueue_queue_duration_seconds", "s", "How long an item stays in the queue before being requested");
        WorkDuration = meter.CreateHistogram<double>("workqueue_work_duration_seconds", "s", "How long processing an item takes");
        Retries = meter.CreateCounter<long>("workqueue_retries_total", description: "Total retries handled by the work queue");
        meter.CreateObservableGauge("workqueue_unfinished_work_seconds", () => Observe(p => p.UnfinishedWorkSeconds()), "s",
            "Seconds of work in progress not yet observed by work_duration; large values mean stuck workers");
        meter.CreateObservableGauge("workqueue_longest_running_processor_seconds", () => Observe(p => p.LongestRunningSeconds()), "s",
            "How long the longest-running worker has been processing its item");
    }

    internal UpDownCounter<long> Depth { get; }

    internal Counter<long> Adds { get; }

    internal Histogram<double> QueueDuration { get; }

    internal Histogram<double> WorkDuration { get; }

    internal Counter<long> Retries { get; }

    internal void Register(IWorkQueueProbe queue)
    {
        lock (_lock) _queues.Add(queue);
    }

    internal void Unregister(IWorkQueueProbe queue)
    {
        lock (_lock) _queues.Remove(queue);
    }

    private List<Measurement<double>> Observe(Func<IWorkQueueProbe, double> read)
    {
        lock (_lock) return [.. _queues.Select(q => new Measurement<double>(read(q), new KeyValuePair<string, object?>("name", q.Name)))];
    }
}

/// <summary>What the observable gauges read from a queue.</summary>
internal interface IWorkQueueProbe
{
    string Name { get; }

    double UnfinishedWorkSeconds();

    double LongestRunningSeconds();
}
