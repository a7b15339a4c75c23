using Cluster.Api.Coordination.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Client;
using Cluster.Runtime.Leader;
using Cluster.TestKit;

namespace Cluster.Runtime.Tests.Leader;

/// <summary>
/// The takeover rule driven by a manual clock against a real API server: a candidate judges a lease expired only by
/// how long it has itself watched the record stay unchanged, whatever timestamps the holder wrote.
/// </summary>
[Trait("tier", "integration")]
public sealed class LeaderElectorClockIntegrationTests(TestClusterFixture fixture) : IClassFixture<TestClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // Defaults: lease 15 s, retry 2 s (jittered up to 2.4 s). One step fires exactly one retry of the candidate.
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(2.4);

    private static readonly DateTimeOffset Start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private ClusterClient Client => fixture.Cluster.Client;

    public static TheoryData<string, DateTimeOffset> RemoteRenewTimes => new()
    {
        { "renewTime long past (the holder's clock says expired)", new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero) },
        { "renewTime far ahead (the holder's clock says fresh)", new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero) },
    };

    [Theory]
    [MemberData(nameof(RemoteRenewTimes))]
    public async Task An_unchanged_lease_is_taken_over_only_after_the_candidate_itself_watched_it_for_the_lease_duration(string _, DateTimeOffset remoteRenewTime)
    {
        var (ns, time, elector, stop, run) = await StartCandidateAsync(remoteRenewTime);

        for (var i = 0; i < 6; i++) await StepAsync(time); // 14.4 s by the candidate's clock: short of 15
        Assert.False(elector.IsLeader);
        Assert.Equal("holder", (await Client.GetAsync<Lease>(new(ns, "lease"))).Spec!.HolderIdentity);

        for (var i = 0; i < 3 && !elector.IsLeader; i++) await StepAsync(time);
        Assert.True(elector.IsLeader);
        var taken = (await Client.GetAsync<Lease>(new(ns, "lease"))).Spec!;
        Assert.Equal(("candidate", 4), (taken.HolderIdentity, taken.LeaseTransitions));
        Assert.True(taken.AcquireTime >= Start + TimeSpan.FromSeconds(15), $"taken at {taken.AcquireTime}, observed unchanged since {Start}");

        await stop.CancelAsync();
        await run.WaitAsync(Timeout);
        Assert.Null((await Client.GetAsync<Lease>(new(ns, "lease"))).Spec!.HolderIdentity); // released on a graceful stop
    }

    [Fact]
    public async Task A_holder_that_keeps_renewing_is_never_taken_over()
    {
        var (ns, time, elector, stop, run) = await StartCandidateAsync(DateTimeOffset.UnixEpoch);

        for (var i = 0; i < 12; i++) // 28.8 s, nearly two lease durations, with a renewal seen every round
        {
            var lease = await Client.GetAsync<Lease>(new(ns, "lease"));
            await Client.UpdateAsync(lease with { Spec = lease.Spec! with { RenewTime = lease.Spec.RenewTime!.Value.AddSeconds(2) } });
            await StepAsync(time);
        }
        Assert.False(elector.IsLeader);
        Assert.Equal("holder", elector.ObservedLeader);

        await stop.CancelAsync();
        await run.WaitAsync(Timeout);
    }

    private async Task<(string Ns, ManualTime Time, LeaderElector Elector, CancellationTokenSource Stop, Task Run)> StartCandidateAsync(DateTimeOffset remoteRenewTime)
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        await Client.CreateAsync(new Lease
        {
            Metadata = new ObjectMeta { Name = "lease", Namespace = ns },
            Spec = new LeaseSpec { HolderIdentity = "holder", LeaseDurationSeconds = 15, AcquireTime = remoteRenewTime, RenewTime = remoteRenewTime, LeaseTransitions = 3 },
        });
        var time = new ManualTime(Start);
        var elector = new LeaderElector(Client, new LeaderElectionOptions { LeaseName = "lease", LeaseNamespace = ns, Identity = "candidate" }, time);
        var stop = new CancellationTokenSource();
        var run = elector.RunAsync(LeadUntilCancelledAsync, stop.Token);
        await Eventually.TrueAsync(() => elector.ObservedLeader == "holder" && time.ArmedTimers > 0, Timeout, "the candidate read the lease and waits to retry");
        return (ns, time, elector, stop, run);
    }

    private static async Task LeadUntilCancelledAsync(CancellationToken leading)
    {
        try
        {
            await Task.Delay(System.Threading.Timeout.Infinite, leading);
        }
        catch (OperationCanceledException)
        {
        }
    }

    // Fires the candidate's pending retry and waits until that round has read the lease and armed the next retry.
    private static async Task StepAsync(ManualTime time)
    {
        time.Advance(Step);
        await Eventually.TrueAsync(() => time.ArmedTimers > 0, Timeout, "the next retry is armed");
    }
}
