namespace Cluster.Runtime.Builder;

/// <summary>Settings of a <see cref="ControllerRuntime"/>.</summary>
public sealed record ControllerRuntimeOptions
{
    /// <summary>On stop, in-flight reconciles get this long to finish before they are cancelled.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
