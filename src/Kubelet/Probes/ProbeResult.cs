namespace Cluster.Kubelet.Probes;

public enum ProbeResult
{
    Unknown,
    Success,
    Failure,
}

public enum ProbeKind
{
    Liveness,
    Readiness,
    Startup,
}

/// <summary>One probe's outcome with the reason the kubelet shows in events when it failed.</summary>
public readonly record struct ProbeOutcome(ProbeResult Result, string Message)
{
    public static ProbeOutcome Success(string message = "") => new(ProbeResult.Success, message);

    public static ProbeOutcome Failure(string message) => new(ProbeResult.Failure, message);
}
