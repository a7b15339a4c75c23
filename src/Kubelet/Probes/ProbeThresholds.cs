using Cluster.Api.Core.V1;

namespace Cluster.Kubelet.Probes;

/// <summary>A probe's timing with the API's defaults: period 10 s, timeout 1 s, success 1, failure 3, no initial delay.</summary>
public sealed record ProbeThresholds(TimeSpan InitialDelay, TimeSpan Period, TimeSpan Timeout, int SuccessThreshold, int FailureThreshold)
{
    public static ProbeThresholds Of(Probe probe, ProbeKind kind) => new(
        TimeSpan.FromSeconds(Math.Max(0, probe.InitialDelaySeconds ?? 0)),
        TimeSpan.FromSeconds(Positive(probe.PeriodSeconds, 10)),
        TimeSpan.FromSeconds(Positive(probe.TimeoutSeconds, 1)),
        // Liveness and startup probes must have successThreshold 1 (validation enforces it; the kubelet relies on it).
        kind == ProbeKind.Readiness ? Positive(probe.SuccessThreshold, 1) : 1,
        Positive(probe.FailureThreshold, 3));

    private static int Positive(int? value, int fallback) => value is > 0 ? value.Value : fallback;
}
