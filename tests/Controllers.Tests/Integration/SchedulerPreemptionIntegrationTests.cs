using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Api.Scheduling.V1;
using Cluster.Api.Serialization;
using Cluster.Runtime.Client;
using Cluster.TestKit;

namespace Cluster.Controllers.Tests.Integration;

[Trait("tier", "integration")]
public sealed class SchedulerPreemptionIntegrationTests(SchedulerFixture fixture) : IClassFixture<SchedulerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private ClusterClient Client => fixture.Cluster.Client;

    private static Pod NewPod(string ns, string name, string priorityClass, string? preemptionPolicy = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new PodSpec
        {
            PriorityClassName = priorityClass,
            PreemptionPolicy = preemptionPolicy,
            TerminationGracePeriodSeconds = 0,
            Containers = [new Container { Name = "c", Image = "i", Resources = new ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = "3" } } }],
        },
    };

    [Fact]
    public async Task A_high_priority_pod_preempts_one_lower_priority_pod_and_takes_its_node()
    {
        await Client.CreateAsync(new PriorityClass { Metadata = new ObjectMeta { Name = "low" }, Value = 10 });
        await Client.CreateAsync(new PriorityClass { Metadata = new ObjectMeta { Name = "high" }, Value = 1000 });
        await Eventually.TrueAsync(async () => (await Client.ListAsync<Node>()).Items.Count == SchedulerFixture.NodeCount, Patience, "nodes registered");
        var ns = await fixture.Cluster.CreateNamespaceAsync("preempt");
        for (var i = 0; i < SchedulerFixture.NodeCount; i++) await Client.CreateAsync(NewPod(ns, $"low-{i}", "low"));
        await Eventually.TrueAsync(async () => (await Client.ListAsync<Pod>(ns)).Items.Count(p => p.Spec?.NodeName is { Length: > 0 }) == SchedulerFixture.NodeCount,
            Patience, "one low-priority pod on every node");

        // a pod that may not preempt waits, with upstream's reason
        await Client.CreateAsync(NewPod(ns, "polite", "high", preemptionPolicy: "Never"));
        await Eventually.TrueAsync(async () => (await Client.GetAsync<Pod>(new(ns, "polite"))).Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled")?.Message
                == $"0/{SchedulerFixture.NodeCount} nodes are available: {SchedulerFixture.NodeCount} Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.",
            Patience, "the polite pod waits");

        await Client.CreateAsync(NewPod(ns, "vip", "high"));
        Pod? vip = null;
        await Eventually.TrueAsync(async () => (vip = await Client.GetAsync<Pod>(new(ns, "vip"))).Spec?.NodeName is { Length: > 0 }, Patience, "the high-priority pod bound");
        var remaining = (await Client.ListAsync<Pod>(ns)).Items.Where(p => p.Metadata!.Name!.StartsWith("low-", StringComparison.Ordinal) && p.Metadata.DeletionTimestamp is null).ToList();
        Assert.Equal(SchedulerFixture.NodeCount - 1, remaining.Count);
        Assert.DoesNotContain(remaining, p => p.Spec!.NodeName == vip!.Spec!.NodeName);
        Assert.Equal(vip!.Spec!.NodeName, vip.Status?.NominatedNodeName);
        var events = (await Client.ListAsync<Event>(ns)).Items;
        Assert.Contains(events, e => e.Reason == "Preempted" && e.InvolvedObject!.Name!.StartsWith("low-", StringComparison.Ordinal));
        Assert.Null((await Client.GetAsync<Pod>(new(ns, "polite"))).Spec!.NodeName);
    }
}
