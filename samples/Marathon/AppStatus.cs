namespace Marathon;

/// <summary>What Marathon's UI shows for an app, read from its Deployment.</summary>
public sealed record AppStatus
{
    public int TasksRunning { get; init; }
    public int TasksHealthy { get; init; }

    /// <summary>Deployments (rollouts) in progress: 0 or 1.</summary>
    public int Deployments { get; init; }

    /// <summary>Dependencies not yet healthy; the app is not deployed while any are listed.</summary>
    public IReadOnlyList<string>? WaitingFor { get; init; }

    public long? ObservedGeneration { get; init; }

    /// <summary>Why the definition cannot be deployed as written, if it cannot.</summary>
    public string? Message { get; init; }
}
