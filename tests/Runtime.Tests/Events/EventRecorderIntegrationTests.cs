using System.Text.RegularExpressions;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Client;
using Cluster.Runtime.Events;
using Cluster.TestKit;

namespace Cluster.Runtime.Tests.Events;

[Trait("tier", "integration")]
public sealed partial class EventRecorderIntegrationTests(TestClusterFixture fixture) : IClassFixture<TestClusterFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private ClusterClient Client => fixture.Cluster.Client;

    [Fact]
    public async Task One_event_references_its_object_and_reporter()
    {
        var (ns, cm) = await SubjectAsync();
        var time = new ManualTime(T0);
        await using (var recorder = Recorder(time))
        {
            recorder.Warning(cm, "BackOff", "restarting failed container");
        }

        var e = Assert.Single((await Client.ListAsync<Event>(ns)).Items);
        Assert.Matches(EventName(), e.Metadata!.Name!);
        Assert.Equal(("Warning", "BackOff", "restarting failed container", 1), (e.Type, e.Reason, e.Message, e.Count));
        var involved = e.InvolvedObject!;
        Assert.Equal(("ConfigMap", "v1", "subject", ns, cm.Metadata!.Uid, cm.Metadata.ResourceVersion),
            (involved.Kind, involved.ApiVersion, involved.Name, involved.Namespace, involved.Uid, involved.ResourceVersion));
        Assert.Equal(("test-controller", "instance-1", "test-controller", "instance-1"),
            (e.Source!.Component, e.Source.Host, e.ReportingComponent, e.ReportingInstance));
        Assert.Equal((T0, T0), (e.FirstTimestamp, e.LastTimestamp));
    }

    /// <summary>A second event after <c>Later</c>; only an exact repeat within the window joins the first.</summary>
    public sealed record SecondEvent(string Name, string Type, string Reason, string Message, TimeSpan Later, int ExpectedEvents)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<SecondEvent> Seconds => new()
    {
        new SecondEvent("same, 30 s later", "Normal", "Synced", "all good", TimeSpan.FromSeconds(30), 1),
        new SecondEvent("another message", "Normal", "Synced", "all good again", TimeSpan.FromSeconds(30), 2),
        new SecondEvent("another reason", "Normal", "Resynced", "all good", TimeSpan.FromSeconds(30), 2),
        new SecondEvent("another type", "Warning", "Synced", "all good", TimeSpan.FromSeconds(30), 2),
        new SecondEvent("same, after the aggregation window", "Normal", "Synced", "all good", TimeSpan.FromMinutes(11), 2),
    };

    [Theory]
    [MemberData(nameof(Seconds))]
    public async Task A_repeat_within_the_window_bumps_count_and_lastTimestamp_and_anything_else_is_a_new_event(SecondEvent second)
    {
        var (ns, cm) = await SubjectAsync();
        var time = new ManualTime(T0);
        await using (var recorder = Recorder(time))
        {
            recorder.Normal(cm, "Synced", "all good");
            time.Advance(second.Later);
            recorder.Record(cm, ConfigMap.Info, second.Type, second.Reason, second.Message);
        }

        var events = (await Client.ListAsync<Event>(ns)).Items;
        Assert.Equal(second.ExpectedEvents, events.Count);
        if (second.ExpectedEvents == 1)
        {
            var e = events[0];
            Assert.Equal((2, T0, T0 + second.Later), (e.Count, e.FirstTimestamp, e.LastTimestamp));
        }
        else
        {
            Assert.All(events, e => Assert.Equal(1, e.Count));
            Assert.Equal([T0, T0 + second.Later], events.Select(e => e.FirstTimestamp!.Value).Order());
        }
    }

    [Fact]
    public async Task A_write_the_server_refuses_costs_only_that_event()
    {
        var (ns, cm) = await SubjectAsync();
        var invalid = new ConfigMap { Metadata = new ObjectMeta { Name = "Not_A_Valid_Name", Namespace = ns } }; // the Event's name would be refused (422)
        await using (var recorder = Recorder(TimeProvider.System))
        {
            recorder.Normal(invalid, "Synced", "refused");
            recorder.Normal(cm, "Synced", "accepted");
        }

        Assert.Equal("accepted", Assert.Single((await Client.ListAsync<Event>(ns)).Items).Message);
    }

    [Fact]
    public async Task Recording_after_dispose_drops_the_event_instead_of_throwing()
    {
        var (ns, cm) = await SubjectAsync();
        var recorder = Recorder(TimeProvider.System);
        await recorder.DisposeAsync();

        recorder.Normal(cm, "Late", "after shutdown");

        Assert.Equal(1, recorder.Dropped);
        Assert.Empty((await Client.ListAsync<Event>(ns)).Items);
    }

    private EventRecorder Recorder(TimeProvider time) =>
        new(Client, new EventRecorderOptions { Component = "test-controller", Instance = "instance-1" }, time);

    private async Task<(string Ns, ConfigMap Subject)> SubjectAsync()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        return (ns, await Client.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "subject", Namespace = ns } }));
    }

    [GeneratedRegex("^subject\\.[0-9a-f]+$")]
    private static partial Regex EventName();
}
