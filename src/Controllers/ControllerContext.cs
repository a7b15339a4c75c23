using Cluster.Runtime.Builder;
using Cluster.Runtime.Events;
using Microsoft.Extensions.Logging;

namespace Cluster.Controllers;

/// <summary>What a built-in controller is declared with: the shared runtime, the settings, logging and event recorders.</summary>
public sealed class ControllerContext(ControllerRuntime runtime, ControllerManagerOptions options, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly List<EventRecorder> _recorders = [];

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

    public async ValueTask DisposeAsync()
    {
        EventRecorder[] recorders;
        lock (_recorders) recorders = [.. _recorders];
        foreach (var recorder in recorders) await recorder.DisposeAsync();
        await runtime.DisposeAsync();
    }
}
