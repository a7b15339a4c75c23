using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Cluster.Runtime.Queue;
using Cluster.TestKit;

namespace Cluster.Runtime.Tests.Queue;

public sealed class WorkQueueMetricsTests : IDisposable
{
    private readonly Meter _meter = new("workqueue-test-" + Guid.NewGuid());
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, string Queue, double Value)> _seen = new();

    public WorkQueueMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == _meter) l.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public async Task Every_upstream_instrument_is_recorded_with_the_queue_name()
    {
        var time = new ManualTime();
        using var queue = new WorkQueue<string>("m", time: time, metrics: new WorkQueueMetrics(_meter));
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");
        time.Advance(TimeSpan.FromSeconds(2));
        var a = await queue.NextAsync();
        time.Advance(TimeSpan.FromSeconds(3));
        _listener.RecordObservableInstruments();
        queue.Done(a);
        queue.AddRateLimited("a");
        queue.AddAfter("c", TimeSpan.FromSeconds(1));

        Assert.Equal(2, Sum("workqueue_adds_total"));
        Assert.Equal(1, Sum("workqueue_depth"));
        Assert.Equal([2.0], Values("workqueue_queue_duration_seconds"));
        Assert.Equal([3.0], Values("workqueue_work_duration_seconds"));
        Assert.Equal(2, Sum("workqueue_retries_total"));
        Assert.Equal([3.0], Values("workqueue_unfinished_work_seconds"));
        Assert.Equal([3.0], Values("workqueue_longest_running_processor_seconds"));
    }

    [Fact]
    public async Task An_item_handed_straight_to_a_waiting_worker_waited_zero_seconds_and_never_counted_in_depth()
    {
        var time = new ManualTime();
        using var queue = new WorkQueue<string>("m", time: time, metrics: new WorkQueueMetrics(_meter));
        var waiting = queue.GetAsync().AsTask();
        queue.Add("a");
        Assert.Equal("a", (await waiting.WaitAsync(QueueTestHelpers.Bound)).Item);
        Assert.Equal(0, Sum("workqueue_depth"));
        Assert.Equal([0.0], Values("workqueue_queue_duration_seconds"));
    }

    [Fact]
    public async Task Gauges_report_each_registered_queue_and_forget_a_disposed_one()
    {
        var time = new ManualTime();
        var metrics = new WorkQueueMetrics(_meter);
        using var kept = new WorkQueue<string>("kept", time: time, metrics: metrics);
        var gone = new WorkQueue<string>("gone", time: time, metrics: metrics);
        kept.Add("a");
        gone.Add("a");
        _ = await kept.NextAsync();
        _ = await gone.NextAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        _listener.RecordObservableInstruments();
        Assert.Equal([1.0], Values("workqueue_longest_running_processor_seconds", "kept"));
        Assert.Equal([1.0], Values("workqueue_longest_running_processor_seconds", "gone"));

        gone.Dispose();
        _seen.Clear();
        _listener.RecordObservableInstruments();
        Assert.Equal([1.0], Values("workqueue_longest_running_processor_seconds", "kept"));
        Assert.Empty(Values("workqueue_longest_running_processor_seconds", "gone"));
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "name") _seen.Enqueue((instrument.Name, (string)tag.Value!, value));
        }
    }

    private double[] Values(string instrument, string queue = "m") =>
        [.. _seen.Where(s => s.Instrument == instrument && s.Queue == queue).Select(s => s.Value)];

    private double Sum(string instrument) => Values(instrument).Sum();
}
