using Cluster.Store.Etcd.Grpc;
using Cluster.TestKit;
using Pb = Cluster.Store.Etcd.Protos;

namespace Cluster.Store.Tests.EtcdApi;

/// <summary>The Watch method as an etcd client sees it on the wire: several watches multiplexed on one stream.</summary>
public sealed class EtcdApiWatchStreamTests(EtcdApiFixture fixture) : IClassFixture<EtcdApiFixture>, IDisposable
{
    private readonly string _prefix = $"/watch-stream/{Guid.NewGuid():N}/";
    private readonly RawGrpcClient _client = new(fixture.Address);

    public void Dispose() => _client.Dispose();

    private ReadOnlyMemory<byte> K(string name) => (_prefix + name).B();

    private async Task<long> PutAsync(string name, string value = "v") =>
        (await fixture.Store.PutAsync(new PutRequest(K(name), value.B()))).Revision;

    private static string Key(Pb.Event e) => e.Kv.Key.ToStringUtf8();

    [Fact]
    public async Task Several_watches_on_one_stream_get_distinct_ids_and_only_their_own_events()
    {
        await using var stream = await _client.WatchAsync(RawWatchStream.Create(K("a/")));
        await stream.SendAsync(RawWatchStream.Create(K("b/")));
        await stream.SendAsync(RawWatchStream.Create(K("c/")));
        var created = new[] { await stream.NextAsync(), await stream.NextAsync(), await stream.NextAsync() };
        Assert.All(created, r => Assert.True(r.Created && !r.Canceled));
        var ids = created.Select(r => r.WatchId).ToArray();
        Assert.Equal(3, ids.Distinct().Count());

        await PutAsync("b/1");
        await PutAsync("a/1");
        await PutAsync("c/1");
        await PutAsync("b/2");
        var responses = await stream.ReadEventsAsync(4);

        string[] EventsOf(long id) => [.. responses.Where(r => r.WatchId == id).SelectMany(r => r.Events).Select(Key)];
        Assert.Equal([_prefix + "a/1"], EventsOf(ids[0]));
        Assert.Equal([_prefix + "b/1", _prefix + "b/2"], EventsOf(ids[1]));
        Assert.Equal([_prefix + "c/1"], EventsOf(ids[2]));
        Assert.All(responses, r => Assert.True(r.Header.Revision >= r.Events[^1].Kv.ModRevision));
    }

    [Fact]
    public async Task Created_response_carries_the_current_revision_and_the_server_ids()
    {
        var revision = await PutAsync("seed");

        await using var stream = await _client.WatchAsync(RawWatchStream.Create(K("")));
        var created = await stream.NextAsync();

        Assert.True(created.Created);
        Assert.Equal(revision, created.Header.Revision);
        Assert.Equal(fixture.Options.ClusterId, created.Header.ClusterId);
        Assert.Equal(fixture.Options.MemberId, created.Header.MemberId);
        Assert.NotEqual(0UL, created.Header.ClusterId);
        Assert.NotEqual(0UL, created.Header.MemberId);
    }

    [Fact]
    public async Task A_watch_from_now_sees_every_write_made_after_its_created_response()
    {
        await PutAsync("before");
        await using var stream = await _client.WatchAsync(RawWatchStream.Create(K("")));
        Assert.True((await stream.NextAsync()).Created);

        await PutAsync("after");

        var events = (await stream.ReadEventsAsync(1)).SelectMany(r => r.Events);
        Assert.Equal([_prefix + "after"], events.Select(Key));
    }

    [Fact]
    public async Task Cancel_is_answered_with_canceled_and_stops_only_that_watch()
    {
        await using var stream = await _client.WatchAsync(RawWatchStream.Create(K("a/")));
        await stream.SendAsync(RawWatchStream.Create(K("b/")));
        var a = (await stream.NextAsync()).WatchId;
        var b = (await stream.NextAsync()).WatchId;

        await stream.SendAsync(RawWatchStream.Cancel(a));
        var canceled = await stream.NextAsync();
        Assert.True(canceled.Canceled);
        Assert.Equal(a, canceled.WatchId);
        Assert.Empty(canceled.Events);

        await PutAsync("a/1");
        await PutAsync("b/1");
        var events = await stream.ReadEventsAsync(1);
        await stream.SendAsync(RawWatchStream.Progress());
        var progress = await stream.NextAsync();

        Assert.Equal([b], events.Select(r => r.WatchId));
        Assert.Equal(b, progress.WatchId);
        Assert.Empty(progress.Events);
    }

    [Fact]
    public async Task Cancelling_an_unknown_watch_is_not_answered_and_the_stream_goes_on()
    {
        await using var stream = await _client.WatchAsync(RawWatchStream.Create(K("")));
        var id = (await stream.NextAsync()).WatchId;

        await stream.SendAsync(RawWatchStream.Cancel(id + 1000));
        await PutAsync("x");

        var response = Assert.Single(await stream.ReadEventsAsync(1));
        Assert.Equal(id, response.WatchId);
    }

    [Fact]
    public async Task A_progress_request_gets_a_notification_from_every_watch_after_its_events()
    {
        await using var stream = await _client.WatchAsync(RawWatchStream.Create(K("a/")));
        await stream.SendAsync(RawWatchStream.Create(K("b/")));
        var ids = new[] { (await stream.NextAsync()).WatchId, (await stream.NextAsync()).WatchId };
        var revision = await PutAsync("a/1");

        await stream.SendAsync(RawWatchStream.Progress());
        var responses = new List<Pb.WatchResponse>();
        while (responses.Count(r => r.Events.Count == 0) < 2) responses.Add(await stream.NextAsync());

        var progress = responses.Where(r => r.Events.Count == 0).ToList();
        Assert.Equal(ids.Order(), progress.Select(r => r.WatchId).Order());
        Assert.All(progress, p => Assert.True(p.Header.Revision >= revision && !p.Created && !p.Canceled && p.CompactRevision == 0));
        var eventOfA = Assert.Single(responses, r => r.Events.Count > 0);
        Assert.True(responses.IndexOf(eventOfA) < responses.FindIndex(r => r.WatchId == ids[0] && r.Events.Count == 0));
    }

    [Fact]
    public async Task A_progress_request_on_a_stream_without_watches_is_answered_with_watch_id_minus_one()
    {
        var revision = await PutAsync("seed");

        await using var stream = await _client.WatchAsync(RawWatchStream.Progress());
        var progress = await stream.NextAsync();

        Assert.Equal(-1, progress.WatchId);
        Assert.True(progress.Header.Revision >= revision);
        Assert.Empty(progress.Events);
    }

    [Fact]
    public async Task A_watch_from_a_compacted_revision_is_created_then_cancelled_with_the_compact_revision()
    {
        var first = await PutAsync("k", "1");
        await PutAsync("k", "2");
        var third = await PutAsync("k", "3");
        await fixture.Store.CompactAsync(third);

        await using var stream = await _client.WatchAsync(RawWatchStream.Create(K(""), startRevision: first));
        var created = await stream.NextAsync();
        var compacted = await stream.NextAsync();

        Assert.True(created.Created);
        Assert.Equal(created.WatchId, compacted.WatchId);
        Assert.True(compacted.Canceled);
        Assert.True(compacted.CompactRevision >= third);
    }

    [Fact]
    public async Task A_negative_start_revision_is_refused_with_a_created_and_cancelled_response()
    {
        await using var stream = await _client.WatchAsync(RawWatchStream.Create(K(""), startRevision: -5));
        var refused = await stream.NextAsync();

        Assert.True(refused.Created && refused.Canceled);
        Assert.Equal(-1, refused.WatchId);
        Assert.Contains("required revision has been compacted", refused.CancelReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_chosen_watch_id_in_use_is_refused_and_the_stream_goes_on()
    {
        await using var stream = await _client.WatchAsync(RawWatchStream.Create(K("a/"), watchId: 7));
        Assert.Equal(7, (await stream.NextAsync()).WatchId);

        await stream.SendAsync(RawWatchStream.Create(K("b/"), watchId: 7));
        var refused = await stream.NextAsync();
        await PutAsync("a/1");
        var events = await stream.ReadEventsAsync(1);

        Assert.True(refused.Created && refused.Canceled);
        Assert.Equal(-1, refused.WatchId);
        Assert.Contains("duplicate watch ID", refused.CancelReason, StringComparison.Ordinal);
        Assert.Equal(7, Assert.Single(events).WatchId);
    }

    [Theory]
    [InlineData("filters")]
    [InlineData("fragment")]
    public async Task A_create_request_with_an_unsupported_field_ends_the_stream_with_invalid_argument_naming_it(string field)
    {
        var create = RawWatchStream.Create(K(""));
        if (field == "filters") create.CreateRequest.Filters.Add(Pb.WatchCreateRequest.Types.FilterType.Noput);
        else create.CreateRequest.Fragment = true;

        await using var stream = await _client.WatchAsync(create);
        var e = await Assert.ThrowsAsync<GrpcStatusException>(() => stream.ReadAsync());

        Assert.Equal(GrpcStatusCode.InvalidArgument, e.Code);
        Assert.Contains($"WatchCreateRequest.{field}", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_carry_previous_values_and_deletes_when_asked()
    {
        await PutAsync("k", "1");
        await using var stream = await _client.WatchAsync(RawWatchStream.Create(K(""), prevKv: true));
        Assert.True((await stream.NextAsync()).Created);

        await PutAsync("k", "2");
        await fixture.Store.DeleteRangeAsync(new DeleteRangeRequest(K("k")));
        var events = (await stream.ReadEventsAsync(2)).SelectMany(r => r.Events).ToList();

        Assert.Equal([Pb.Event.Types.EventType.Put, Pb.Event.Types.EventType.Delete], events.Select(e => e.Type));
        Assert.Equal("1", events[0].PrevKv.Value.ToStringUtf8());
        Assert.Equal("2", events[1].PrevKv.Value.ToStringUtf8());
        Assert.Equal(0, events[1].Kv.Version);
    }

    [Fact]
    public async Task Half_closing_ends_the_stream_with_ok()
    {
        await using var stream = await _client.WatchAsync(RawWatchStream.Create(K("")));
        Assert.True((await stream.NextAsync()).Created);

        stream.CompleteRequests();

        Assert.Null(await stream.ReadAsync());
    }
}
