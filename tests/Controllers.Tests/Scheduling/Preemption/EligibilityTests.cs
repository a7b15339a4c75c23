using Cluster.Api.Core.V1;
using Cluster.Controllers.Scheduling.Framework;
using Cluster.Controllers.Scheduling.Preemption;
using static Cluster.Controllers.Tests.Scheduling.Preemption.PreemptionWorld;

namespace Cluster.Controllers.Tests.Scheduling.Preemption;

public sealed class EligibilityTests
{
    [Fact]
    public void A_pod_with_preemptionPolicy_Never_does_not_preempt()
    {
        var snapshot = Snapshot([Node("n1", cpu: 2)], [Pod("low", 1, cpu: 2, node: "n1")]);

        var result = Preempt(Pod("high", 100, cpu: 2, preemptionPolicy: "Never"), snapshot);

        Assert.False(result.Succeeded);
        Assert.Empty(result.Victims);
        Assert.False(result.ClearNomination);
        Assert.Equal("preemption: not eligible due to preemptionPolicy=Never.", result.Message);
    }

    [Theory]
    [InlineData(true, 1, false)]   // a victim of ours still terminating: wait for it
    [InlineData(false, 1, true)]   // deleted for another reason: may preempt
    [InlineData(true, 100, true)]  // equal priority is no victim of ours
    public void A_nominated_pod_waits_while_a_lower_priority_victim_on_its_node_terminates(bool preemptedByScheduler, int victimPriority, bool eligible)
    {
        var terminating = Terminating(Pod("going", victimPriority, cpu: 1, node: "n1"), preemptedByScheduler);
        var snapshot = Snapshot([Node("n1", cpu: 2)], [terminating, Pod("low", 1, cpu: 1, node: "n1")]);
        var preemptor = Pod("high", 100, cpu: 1, nominatedNode: "n1");

        var result = Preempt(preemptor, snapshot);

        Assert.Equal(eligible, result.Succeeded);
        if (!eligible) Assert.Equal("preemption: not eligible due to a terminating pod on the nominated node.", result.Message);
    }

    [Fact]
    public void A_nominated_node_that_became_unresolvable_no_longer_blocks_preemption()
    {
        var terminating = Terminating(Pod("going", 1, cpu: 1, node: "n1"), preemptedByScheduler: true);
        var snapshot = Snapshot([Node("n1", cpu: 2)], [terminating]);
        var fitError = new FitError(1);
        fitError.Record("TaintToleration", "n1", FilterResult.UnresolvableBy("node(s) had untolerated taint {k: v}"));

        var reason = PreemptionEligibility.Check(PodInfo.Of(Pod("high", 100, nominatedNode: "n1")), fitError, snapshot);

        Assert.Null(reason);
    }

    [Fact]
    public void Victim_condition_is_what_the_eligibility_check_recognises()
    {
        var condition = PreemptionConditions.For("default-scheduler", Start);
        var victim = Pod("v", 1, node: "n1") is var p
            ? p with { Metadata = p.Metadata! with { DeletionTimestamp = Start }, Status = p.Status! with { Conditions = [condition] } }
            : null;

        Assert.Equal("default-scheduler: preempting to accommodate a higher priority pod", condition.Message);
        Assert.True(PreemptionConditions.IsTerminatingByPreemption(victim!));
        Assert.False(PreemptionConditions.IsTerminatingByPreemption(Pod("v", 1, node: "n1")));
    }

    private static Pod Terminating(Pod pod, bool preemptedByScheduler) => pod with
    {
        Metadata = pod.Metadata! with { DeletionTimestamp = Start.AddHours(1) },
        Status = pod.Status! with
        {
            Conditions = preemptedByScheduler ? [PreemptionConditions.For("default-scheduler", Start.AddHours(1))] : null,
        },
    };
}
