namespace Cluster.Runtime.Events;

/// <summary>Settings of an <see cref="EventRecorder"/>, with client-go's defaults.</summary>
public sealed record EventRecorderOptions
{
    /// <summary>The reporting component (source.component), e.g. "deployment-controller".</summary>
    public required string Component { get; init; }

    /// <summary>The reporting instance (source.host / reportingInstance); defaults to the machine name.</summary>
    public string Instance { get; init; } = Environment.MachineName;

    /// <summary>A repeat of the same event within this window bumps the existing Event's count instead of making a new one.</summary>
    public TimeSpan AggregationWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How many recent events are remembered for aggregation.</summary>
    public int RememberedEvents { get; init; } = 4096;

    /// <summary>Events per involved object at once before the spam filter holds them back (upstream: 25).</summary>
    public int SpamBurst { get; init; } = 25;

    /// <summary>After the burst, one event per involved object per this period (upstream: 5 minutes).</summary>
    public TimeSpan SpamRefill { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Events waiting to be written; beyond it new ones are dropped (recording never blocks a reconcile).</summary>
    public int QueueCapacity { get; init; } = 1000;
}
