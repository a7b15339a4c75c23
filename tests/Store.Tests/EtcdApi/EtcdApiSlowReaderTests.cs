using Cluster.TestKit;
using Pb = Cluster.Store.Etcd.Protos;

namespace Cluster.Store.Tests.EtcdApi;

/// <summary>A client that stops reading its watch stream costs the server a bounded amount of memory, and nobody else anything.</summary>
public sealed class EtcdApiSlowReaderTests
{
    private const int QueueBytes = 256 * 1024;
    private const int ValueBytes = 64 * 1024;
    private const int Writes = 64; // 4 MiB of events, 16 times the queue

    [Fact]
    public async Task A_watch_whose_stream_is_not_read_is_cancelled_with_a_reason_after_a_bounded_backlog()
    {
        await using var fixture = new AsyncFixture(await EtcdApiFixture.StartAsync(o => o with
        {
            WatchSendQueueBytes = QueueBytes,
            SlowWatcherTimeout = TimeSpan.FromMilliseconds(300),
        }));
        var server = fixture.Value;
        var prefix = $"/slow/{Guid.NewGuid():N}/".B();
        using var slowClient = new RawGrpcClient(server.Address);
        await using var slow = await slowClient.WatchAsync(RawWatchStream.Create(prefix));
        Assert.True((await slow.NextAsync()).Created);
        await using var fastClient = server.Connect();
        await using var fast = fastClient.Watch(WatchRequest.Prefix(prefix, server.Store.Revision + 1)).GetAsyncEnumerator();
        var fastEvents = Task.Run(async () =>
        {
            var seen = 0;
            while (seen < Writes && await fast.MoveNextAsync()) seen += fast.Current.Events.Count;
            return seen;
        });

        var value = new byte[ValueBytes];
        var writes = Task.Run(async () =>
        {
            for (var i = 0; i < Writes; i++)
                await fastClient.PutAsync(new PutRequest((prefix.S() + i).B(), value));
        });
        await writes.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(Writes, await fastEvents.WaitAsync(TimeSpan.FromSeconds(60)));
        await Eventually.TrueAsync(() => server.Log.Entries.Any(e => e.Message.Contains("has not read its watch stream", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "the server cancelled the watch nobody reads");

        var received = new List<Pb.WatchResponse>();
        Pb.WatchResponse response;
        do
        {
            response = await slow.NextAsync();
            received.Add(response);
        } while (!response.Canceled);

        Assert.Contains("has not read its watch stream", response.CancelReason, StringComparison.Ordinal);
        var eventBytes = received.Sum(r => r.CalculateSize());
        var events = received.Sum(r => r.Events.Count);
        Assert.True(events < Writes, $"all {events} events arrived: the stream was never held up");
        // The queue, plus what Kestrel buffers and the client's HTTP/2 stream window admit, plus the one frame in hand.
        Assert.True(eventBytes < QueueBytes + 4 * ValueBytes + 256 * 1024, $"{eventBytes} bytes were queued for a client that did not read");
    }

    /// <summary>Disposes a fixture started by a test.</summary>
    private sealed class AsyncFixture(EtcdApiFixture value) : IAsyncDisposable
    {
        public EtcdApiFixture Value => value;

        public async ValueTask DisposeAsync() => await value.DisposeAsync();
    }
}
