namespace Cluster.Kubelet.Probes;

/// <summary>
/// What one probe of one container reports, as the kubelet's probe worker decides it: a result is reported only after it
/// repeats successThreshold (success) or failureThreshold (failure) times in a row; until then the previous report
/// stands. Readiness starts as Failure, liveness as Success, startup as Unknown. A new container (restart) starts over.
/// </summary>
public sealed class ProbeState(ProbeKind kind, ProbeThresholds thresholds)
{
    private ProbeResult _lastRaw = ProbeResult.Unknown;
    private int _run;

    public ProbeKind Kind => kind;

    public ProbeThresholds Thresholds => thresholds;

    public ProbeResult Reported { get; private set; } = Initial(kind);

    /// <summary>The message of the last failed attempt (for the Unhealthy event).</summary>
    public string LastFailure { get; private set; } = "";

    public static ProbeResult Initial(ProbeKind kind) => kind switch
    {
        ProbeKind.Readiness => ProbeResult.Failure,
        ProbeKind.Liveness => ProbeResult.Success,
        _ => ProbeResult.Unknown,
    };

    /// <summary>Records one attempt; returns true when the reported result changed.</summary>
    public bool Record(ProbeOutcome outcome)
    {
        if (outcome.Result == ProbeResult.Failure) LastFailure = outcome.Message;
        _run = outcome.Result == _lastRaw ? _run + 1 : 1;
        _lastRaw = outcome.Result;
        if (outcome.Result == ProbeResult.Failure && _run < thresholds.FailureThreshold) return false;
        if (outcome.Result == ProbeResult.Success && _run < thresholds.SuccessThreshold) return false;
        if (outcome.Result == ProbeResult.Unknown || outcome.Result == Reported) return false;
        Reported = outcome.Result;
        return true;
    }

    /// <summary>Forgets everything: the container was restarted (or a liveness failure is being acted on).</summary>
    public void Reset()
    {
        _lastRaw = ProbeResult.Unknown;
        _run = 0;
        Reported = Initial(kind);
    }

    /// <summary>Whether a container running since <paramref name="startedAt"/> is still in the probe's initial delay at <paramref name="now"/>.</summary>
    public bool InInitialDelay(DateTimeOffset startedAt, DateTimeOffset now) => now - startedAt < thresholds.InitialDelay;
}
