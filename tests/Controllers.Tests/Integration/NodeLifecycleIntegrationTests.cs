using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Client;
using Cluster.TestKit;

namespace Cluster.Controllers.Tests.Integration;

[Trait("tier", "integration")]
public sealed class NodeLifecycleIntegrationTests(ControllerManagerFixture fixture) : IClassFixture<ControllerManagerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private ClusterClient Client => fixture.Cluster.Client;

    private static Pod PodOn(string ns, string name, long? tolerationSeconds, bool tolerate = true) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new PodSpec
        {
            NodeName = "hollow-node-2",
            Containers = [new Container { Name = "c", Image = "i" }],
            Tolerations = tolerate ? [new Toleration { Key = "node.kubernetes.io/unreachable", Operator = "Exists", Effect = "NoExecute", TolerationSeconds = tolerationSeconds }] : null,
        },
    };

    private async Task<bool> EvictedAsync(string ns, string name) =>
        await Client.FindAsync<Pod>(new(ns, name)) is not { Metadata.DeletionTimestamp: null };

    [Fact]
    public async Task A_silent_node_is_marked_unknown_and_tainted_its_pods_evicted_as_they_tolerate_and_the_taint_goes_when_it_returns()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("node");
        await Client.CreateAsync(PodOn(ns, "at-once", 0));
        await Client.CreateAsync(PodOn(ns, "after-two-seconds", 2));
        await Client.CreateAsync(PodOn(ns, "forever", null));
        await Eventually.TrueAsync(async () => (await Client.ListAsync<Pod>(ns)).Items.All(p => p.Status?.Phase == "Running"), Patience, "pods running");

        fixture.Nodes.StopHeartbeat("hollow-node-2");
        await Eventually.TrueAsync(async () => (await Client.GetAsync<Node>(new("", "hollow-node-2"))) is { } n
            && n.Status!.Conditions!.Single(c => c.Type == "Ready").Status == "Unknown"
            && n.Spec?.Taints?.Any(t => t.Key == "node.kubernetes.io/unreachable" && t.Effect == "NoExecute") == true,
            Patience, "Ready Unknown and the unreachable taint");
        await Eventually.TrueAsync(() => EvictedAsync(ns, "at-once"), Patience, "the pod tolerating 0 s is evicted");
        await Eventually.TrueAsync(() => EvictedAsync(ns, "after-two-seconds"), Patience, "the pod tolerating 2 s is evicted");
        Assert.False(await EvictedAsync(ns, "forever"));
        Assert.Equal("True", (await Client.GetAsync<Node>(new("", "hollow-node-1"))).Status!.Conditions!.Single(c => c.Type == "Ready").Status);

        fixture.Nodes.ResumeHeartbeat("hollow-node-2");
        await Eventually.TrueAsync(async () => (await Client.GetAsync<Node>(new("", "hollow-node-2"))) is { } n
            && n.Status!.Conditions!.Single(c => c.Type == "Ready").Status == "True" && n.Spec?.Taints is null or { Count: 0 },
            Patience, "ready again and untainted");
        Assert.False(await EvictedAsync(ns, "forever"));
    }
}
