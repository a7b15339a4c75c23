using System.Diagnostics.Metrics;
using Cluster.Runtime.Builder;
using Cluster.Runtime.Client;
using Cluster.Runtime.Leader;
using Cluster.Runtime.Events;
using Microsoft.Extensions.Logging;

namespace Cluster.Controllers;

/// <summary>What a built-in controller is declared with: the shared runtime, the settings, logging and event recorders.</summary>
public sealed class ControllerContext(ControllerRuntime runtime, ControllerManagerOptions options, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly List<EventRecorder> _recorders = [];
    private readonly List<IDisposable> _owned = [];

    /// <summary>A context on a new runtime for <paramref name="client"/>, campaigning for a lease when <paramref name="leaderElection"/> is set.</summary>
    public static ControllerContext Create(ClusterClient client, LeaderElectionOptions? leaderElection, ControllerManagerOptions options, ILoggerFactory loggers,
        Meter? meter = null, TimeProvider? time = null) =>
        new(new ControllerRuntime(client, new ControllerRuntimeOptions { LeaderElection = leaderElection }, loggers, time, meter), options, loggers);

    public ControllerRuntime Runtime => runtime;

    public ControllerManagerOptions Options => options;

    public ILoggerFactory Loggers => loggers;

    /// <summary>An event recorder reporting as <paramref name="component"/> (e.g. "replicaset-controller"), flushed on dispose.</summary>
    public EventRecorder Recorder(string component)
    {
        var recorder = new EventRecorder(runtime.Client, new EventRecorderOptions { Component = component }, runtime.Time, loggers.CreateLogger<EventRecorder>());
        lock (_recorders) _recorders.Add(recorder);
        return recorder;
    }

    /// <summary>Disposes <paramref name="disposable"/> with the context (after the runtime has stopped).</summary>
    public T Own<T>(T disposable) where T : IDisposable
    {
        lock (_owned) _owned.Add(disposable);
        return disposable;
    }

    public async ValueTask DisposeAsync()
    {
        EventRecorder[] recorders;
        lock (_recorders) recorders = [.. _recorders];
        foreach (var recorder in recorders) await recorder.DisposeAsync();
        await runtime.DisposeAsync();
        IDisposable[] owned;
        lock (_owned) owned = [.. _owned];
        foreach (var disposable in owned) disposable.Dispose();
    }
}
