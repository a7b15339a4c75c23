using System.Collections.Concurrent;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Builder;
using Cluster.Runtime.Client;
using Cluster.Runtime.Controllers;
using Cluster.Runtime.Leader;
using Cluster.TestKit;

namespace Cluster.Runtime.Tests.Leader;

[Trait("tier", "integration")]
public sealed class LeaderElectedRuntimeIntegrationTests(TestClusterFixture fixture) : IClassFixture<TestClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Only_the_leaders_controllers_reconcile_and_a_partitioned_leader_stops_while_the_other_takes_over()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        var lease = "runtime-" + Guid.NewGuid().ToString("N")[..8];
        await using var proxy = new TcpProxy(fixture.Cluster.Url);
        using var partitionedClient = new ClusterClient(fixture.Cluster.Connection with { Server = proxy.Url, RequestTimeout = TimeSpan.FromSeconds(1) });
        using var healthyClient = fixture.Cluster.NewClient();
        var reconciledBy = new ConcurrentQueue<(string Runtime, string Name)>();

        ControllerRuntime Runtime(ClusterClient client, string identity)
        {
            var runtime = new ControllerRuntime(client, new ControllerRuntimeOptions
            {
                LeaderElection = new LeaderElectionOptions
                {
                    LeaseName = lease, LeaseNamespace = ns, Identity = identity,
                    LeaseDuration = TimeSpan.FromSeconds(4), RenewDeadline = TimeSpan.FromSeconds(2), RetryPeriod = TimeSpan.FromMilliseconds(300),
                },
            });
            runtime.For<ConfigMap>().Complete((key, _) =>
            {
                if (key.Namespace == ns) reconciledBy.Enqueue((identity, key.Name));
                return Task.FromResult(ReconcileResult.Done);
            });
            return runtime;
        }

        await using var first = Runtime(partitionedClient, "first");
        using var stop = new CancellationTokenSource();
        var firstRun = first.RunAsync(stop.Token);
        await fixture.Cluster.Client.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "one", Namespace = ns } });
        await Eventually.TrueAsync(() => reconciledBy.Contains(("first", "one")), Timeout, "the first runtime leads and reconciles");

        await using var second = Runtime(healthyClient, "second");
        var secondRun = second.RunAsync(stop.Token);
        proxy.Blackhole();
        await Assert.ThrowsAsync<LeadershipLostException>(() => firstRun.WaitAsync(Timeout));
        await fixture.Cluster.Client.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "two", Namespace = ns } });
        await Eventually.TrueAsync(() => reconciledBy.Contains(("second", "two")), Timeout, "the second runtime took over");
        Assert.DoesNotContain(("first", "two"), reconciledBy);

        await stop.CancelAsync();
        await secondRun.WaitAsync(Timeout);
    }
}
