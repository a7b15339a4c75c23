using Cluster.Api.Coordination.V1;
using Cluster.Runtime.Client;
using Cluster.Runtime.Leader;
using Cluster.TestKit;

namespace Cluster.Runtime.Tests.Leader;

[Trait("tier", "integration")]
public sealed class LeaderElectorIntegrationTests(TestClusterFixture fixture) : IClassFixture<TestClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    private static LeaderElectionOptions Fast(string lease, string identity) => new()
    {
        LeaseName = lease,
        LeaseNamespace = "default",
        Identity = identity,
        LeaseDuration = TimeSpan.FromSeconds(4),
        RenewDeadline = TimeSpan.FromSeconds(2),
        RetryPeriod = TimeSpan.FromMilliseconds(300),
    };

    /// <summary>Candidates that count how many of them lead at once, and remember the most ever seen.</summary>
    private sealed class Election
    {
        private int _leading;
        private int _most;

        public int Leading => Volatile.Read(ref _leading);

        public int Most => Volatile.Read(ref _most);

        public List<string> Leaders { get; } = [];

        public Task RunAsync(LeaderElector elector, CancellationToken ct) => Task.Run(async () =>
        {
            try
            {
                await elector.RunAsync(async leading =>
                {
                    var now = Interlocked.Increment(ref _leading);
                    lock (Leaders) Leaders.Add(elector.Identity);
                    int most;
                    do most = Volatile.Read(ref _most); while (now > most && Interlocked.CompareExchange(ref _most, now, most) != most);
                    try
                    {
                        await Task.Delay(System.Threading.Timeout.Infinite, leading);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _leading);
                    }
                }, ct);
            }
            catch (LeadershipLostException)
            {
            }
        }, CancellationToken.None);
    }

    [Fact]
    public async Task One_of_three_candidates_leads_and_a_graceful_stop_hands_over()
    {
        var lease = "lease-" + Guid.NewGuid().ToString("N")[..8];
        var election = new Election();
        var clients = Enumerable.Range(0, 3).Select(_ => fixture.Cluster.NewClient()).ToArray();
        var electors = clients.Select((c, i) => new LeaderElector(c, Fast(lease, $"candidate-{i}"))).ToArray();
        var stops = electors.Select(_ => new CancellationTokenSource()).ToArray();
        var runs = electors.Select((e, i) => election.RunAsync(e, stops[i].Token)).ToArray();

        await Eventually.TrueAsync(() => election.Leading == 1, Timeout, "a leader");
        var first = electors.Single(e => e.IsLeader);
        await stops[Array.IndexOf(electors, first)].CancelAsync();
        await Eventually.TrueAsync(() => electors.Any(e => e != first && e.IsLeader), Timeout, "a successor");
        var stored = await fixture.Cluster.Client.GetAsync<Lease>(new("default", lease));
        Assert.NotEqual(first.Identity, stored.Spec!.HolderIdentity);
        Assert.Equal(1, stored.Spec.LeaseTransitions);
        Assert.Equal(1, election.Most);

        foreach (var stop in stops) await stop.CancelAsync();
        await Task.WhenAll(runs).WaitAsync(Timeout);
        foreach (var client in clients) client.Dispose();
    }

    [Fact]
    public async Task A_leader_cut_off_from_the_server_stops_and_another_takes_over_without_overlap()
    {
        var lease = "lease-" + Guid.NewGuid().ToString("N")[..8];
        await using var proxy = new TcpProxy(fixture.Cluster.Url);
        var election = new Election();
        using var cutOffClient = new ClusterClient(fixture.Cluster.Connection with { Server = proxy.Url, RequestTimeout = TimeSpan.FromSeconds(1) });
        using var otherClient = fixture.Cluster.NewClient();
        var cutOff = new LeaderElector(cutOffClient, Fast(lease, "behind-proxy"));
        var other = new LeaderElector(otherClient, Fast(lease, "direct"));
        using var stop = new CancellationTokenSource();
        var first = election.RunAsync(cutOff, stop.Token);
        await Eventually.TrueAsync(() => cutOff.IsLeader, Timeout, "the proxied candidate leads");
        var second = election.RunAsync(other, stop.Token);

        proxy.Blackhole();
        await Eventually.TrueAsync(() => other.IsLeader, Timeout, "the other candidate takes over");
        Assert.False(cutOff.IsLeader);
        Assert.Equal(1, election.Most);
        Assert.Equal(["behind-proxy", "direct"], election.Leaders);

        await stop.CancelAsync();
        await Task.WhenAll(first, second).WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_lease_written_by_someone_else_is_not_overwritten_until_it_expires()
    {
        var lease = "lease-" + Guid.NewGuid().ToString("N")[..8];
        using var client = fixture.Cluster.NewClient();
        var elector = new LeaderElector(client, Fast(lease, "honest"));
        var election = new Election();
        using var stop = new CancellationTokenSource();
        var run = election.RunAsync(elector, stop.Token);
        await Eventually.TrueAsync(() => elector.IsLeader, Timeout, "leading");

        // An intruder takes the lease with a compare-and-swap of its own; the leader's next renewal conflicts (409).
        await Eventually.TrueAsync(async () =>
        {
            var current = await fixture.Cluster.Client.GetAsync<Lease>(new("default", lease));
            try
            {
                await fixture.Cluster.Client.UpdateAsync(current with { Spec = current.Spec! with { HolderIdentity = "intruder", RenewTime = DateTimeOffset.UtcNow } });
                return true;
            }
            catch (Cluster.Runtime.Client.Errors.ConflictException)
            {
                return false; // the leader renewed in between: the intruder reads again
            }
        }, Timeout, "the intruder's write");
        await Eventually.TrueAsync(() => !elector.IsLeader, Timeout, "the leader steps down");
        Assert.Equal("intruder", (await fixture.Cluster.Client.GetAsync<Lease>(new("default", lease))).Spec!.HolderIdentity);

        await run.WaitAsync(Timeout); // lost leadership ends the run
        Assert.Equal(1, election.Most);
    }
}
