using System.Diagnostics;
using Cluster.Store;
using Cluster.Store.Embedded;
using Cluster.TestKit;

namespace Cluster.ApiServer.Bench;

/// <summary>The raw embedded store on this machine in this run: durable 1 KiB puts from N concurrent writers.</summary>
internal static class StorePutLoad
{
    public static async Task<double> RunAsync(int writers, TimeSpan duration)
    {
        using var dir = new TempDirectory("bench-store");
        await using var store = await EmbeddedStore.OpenAsync(new EmbeddedStoreOptions { DataDirectory = dir.Path });
        var value = new byte[1024];
        Random.Shared.NextBytes(value);
        long puts = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; clock.Elapsed < duration; i++)
            {
                // New keys, as creates are.
                await store.PutAsync(new PutRequest(System.Text.Encoding.ASCII.GetBytes($"/registry/configmaps/bench/w{w}-{i}"), value));
                Interlocked.Increment(ref puts);
            }
        })));
        return puts / clock.Elapsed.TotalSeconds;
    }
}
