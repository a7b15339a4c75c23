using Cluster.Api.Core.V1;
using Cluster.Kubelet.Probes;

namespace Cluster.Kubelet.Tests.Probes;

public sealed class ProbeStateTests
{
    private static ProbeState State(ProbeKind kind, int success = 1, int failure = 3) =>
        new(kind, new ProbeThresholds(TimeSpan.Zero, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), success, failure));

    private static readonly ProbeOutcome Ok = ProbeOutcome.Success();
    private static readonly ProbeOutcome Bad = ProbeOutcome.Failure("boom");

    [Theory]
    [InlineData(ProbeKind.Readiness, ProbeResult.Failure)]
    [InlineData(ProbeKind.Liveness, ProbeResult.Success)]
    [InlineData(ProbeKind.Startup, ProbeResult.Unknown)]
    public void Each_kind_starts_from_the_kubelets_initial_result(ProbeKind kind, ProbeResult initial) => Assert.Equal(initial, State(kind).Reported);

    [Fact]
    public void Liveness_reports_failure_only_after_failure_threshold_failures_in_a_row()
    {
        var state = State(ProbeKind.Liveness, failure: 3);
        Assert.False(state.Record(Bad));
        Assert.False(state.Record(Bad));
        Assert.False(state.Record(Ok)); // the run is broken
        Assert.False(state.Record(Bad));
        Assert.False(state.Record(Bad));
        Assert.True(state.Record(Bad));
        Assert.Equal(ProbeResult.Failure, state.Reported);
        Assert.Equal("boom", state.LastFailure);
    }

    [Fact]
    public void Readiness_needs_success_threshold_successes_to_become_ready_and_failure_threshold_failures_to_stop()
    {
        var state = State(ProbeKind.Readiness, success: 2, failure: 2);
        Assert.False(state.Record(Ok));
        Assert.True(state.Record(Ok));
        Assert.Equal(ProbeResult.Success, state.Reported);
        Assert.False(state.Record(Bad));
        Assert.False(state.Record(Ok));
        Assert.False(state.Record(Bad));
        Assert.True(state.Record(Bad));
        Assert.Equal(ProbeResult.Failure, state.Reported);
    }

    [Fact]
    public void Startup_reports_success_at_once_and_reset_starts_over()
    {
        var state = State(ProbeKind.Startup);
        Assert.True(state.Record(Ok));
        Assert.Equal(ProbeResult.Success, state.Reported);
        state.Reset();
        Assert.Equal(ProbeResult.Unknown, state.Reported);
        Assert.False(state.Record(Bad));
    }

    [Fact]
    public void Thresholds_take_the_apis_defaults_and_force_one_success_for_liveness_and_startup()
    {
        var defaults = ProbeThresholds.Of(new Probe(), ProbeKind.Readiness);
        Assert.Equal(new ProbeThresholds(TimeSpan.Zero, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), 1, 3), defaults);
        var custom = new Probe { InitialDelaySeconds = 5, PeriodSeconds = 2, TimeoutSeconds = 3, SuccessThreshold = 4, FailureThreshold = 6 };
        Assert.Equal(new ProbeThresholds(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), 4, 6), ProbeThresholds.Of(custom, ProbeKind.Readiness));
        Assert.Equal(1, ProbeThresholds.Of(custom, ProbeKind.Liveness).SuccessThreshold);
        Assert.Equal(1, ProbeThresholds.Of(custom, ProbeKind.Startup).SuccessThreshold);
    }

    [Fact]
    public void The_initial_delay_counts_from_the_containers_start()
    {
        var state = new ProbeState(ProbeKind.Liveness, new ProbeThresholds(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 1, 3));
        var started = DateTimeOffset.UnixEpoch;
        Assert.True(state.InInitialDelay(started, started.AddSeconds(4.9)));
        Assert.False(state.InInitialDelay(started, started.AddSeconds(5)));
    }
}
