using Cluster.Store.Etcd;
using Cluster.TestKit;

namespace Cluster.Store.Tests.Etcd;

/// <summary>Watches that outlive their gRPC stream: etcd is killed and started again under them.</summary>
public sealed class EtcdWatchResumeTests
{
    [Fact]
    public async Task Watch_resumes_without_gap_after_etcd_restart()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        var log = new ListLogger();
        await using var store = EtcdStore.Connect(new EtcdStoreOptions { Endpoints = [etcd.ClientUrl] }, log);
        var prefix = "/resume/".B();
        var watch = store.Watch(WatchRequest.Prefix(prefix)); // "from now": the engine pins the start revision itself
        await using var reader = new WatchReader(watch);
        watch.RequestProgress();
        var start = (await reader.NextAsync(progress: true)).Revision;

        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var writer = new Writer(store, prefix);
        var writing = writer.RunAsync(deadline.Token);
        var revisions = new List<long>();
        while (revisions.Count < 50) revisions.AddRange((await reader.NextAsync()).Events.Select(e => e.Kv.ModRevision));

        var stopping = writer.Clock.Elapsed;
        await etcd.RestartAsync(deadline.Token); // the writer keeps trying while etcd is down
        var restarted = writer.Clock.Elapsed;
        writer.StopAfter(50);
        await writing;
        var last = (await store.RangeAsync(RangeRequest.Prefix(prefix) with { CountOnly = true })).Revision;
        while (revisions[^1] < last) revisions.AddRange((await reader.NextAsync()).Events.Select(e => e.Kv.ModRevision));

        // A write was refused while etcd was down, or one was in flight across the restart (the client's own retries
        // can absorb the outage): either way the restart happened under load.
        Assert.True(writer.FailedWrites > 0 || writer.Spans.Any(w => w.Start < restarted && w.End > stopping),
            "no write met the stopped etcd: the restart did not happen under load");
        Assert.True(log.Logged("WatchBroken") && log.Logged("WatchResumed"), string.Join("\n", log.Entries.Select(e => e.Message)));
        Assert.Equal(Enumerable.Range(0, (int)(last - start)).Select(i => start + 1 + i), revisions);
    }

    [Fact]
    public async Task Watch_ends_with_WatchCancelledException_when_etcd_stays_away()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        await using var store = EtcdStore.Connect(new EtcdStoreOptions
        {
            Endpoints = [etcd.ClientUrl],
            WatchReconnectTimeout = TimeSpan.FromSeconds(1),
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        });
        var put = await store.PutAsync(new PutRequest("/away/k".B(), "1".B()));
        await using var reader = new WatchReader(store.Watch(new WatchRequest("/away/k".B(), StartRevision: put.Revision)));
        await reader.NextAsync();

        await etcd.StopAsync();

        var e = await Assert.ThrowsAsync<WatchCancelledException>(() => reader.NextAsync());
        Assert.Equal(put.Revision + 1, e.ResumeRevision);
    }

    /// <summary>Puts keys one after another, retrying each until etcd takes it, until told to stop.</summary>
    private sealed class Writer(IKeyValueStore store, ReadOnlyMemory<byte> prefix)
    {
        private int _written;
        private int _stopAt = int.MaxValue;
        private int _failed;

        public int FailedWrites => Volatile.Read(ref _failed);

        public System.Diagnostics.Stopwatch Clock { get; } = System.Diagnostics.Stopwatch.StartNew();

        /// <summary>When each write was started and when it was taken (retries included).</summary>
        public System.Collections.Concurrent.ConcurrentQueue<(TimeSpan Start, TimeSpan End)> Spans { get; } = new();

        /// <summary>Stop once <paramref name="more"/> further writes have been taken.</summary>
        public void StopAfter(int more) => Volatile.Write(ref _stopAt, Volatile.Read(ref _written) + more);

        public async Task RunAsync(CancellationToken ct)
        {
            for (var i = 0; i < Volatile.Read(ref _stopAt); i++)
            {
                var key = (prefix.S() + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).B();
                var started = Clock.Elapsed;
                while (true)
                {
                    try
                    {
                        await store.PutAsync(new PutRequest(key, "v".B()), ct);
                        break;
                    }
                    catch (StoreUnavailableException)
                    {
                        Interlocked.Increment(ref _failed);
                        await Task.Delay(20, ct); // bounded by ct: etcd is restarting
                    }
                }
                Spans.Enqueue((started, Clock.Elapsed));
                Volatile.Write(ref _written, i + 1);
            }
        }
    }
}
