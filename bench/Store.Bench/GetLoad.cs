using System.Diagnostics;
using System.Text;

namespace Cluster.Store.Bench;

/// <summary>Point reads of existing keys from 16 concurrent readers for a fixed time.</summary>
internal static class GetLoad
{
    private const int Keys = 10_000;

    public static async Task PrepareAsync(IKeyValueStore store, string prefix)
    {
        var value = new byte[1024];
        for (var i = 0; i < Keys; i += 100)
        {
            var ops = Enumerable.Range(i, 100).Select(k => (TxnOp)new PutRequest(Key(prefix, k), value)).ToList();
            await store.TxnAsync(new TxnRequest([], ops));
        }
    }

    public static async Task<double> RunAsync(IKeyValueStore store, int readers, TimeSpan duration, string prefix)
    {
        var keys = Enumerable.Range(0, Keys).Select(k => Key(prefix, k)).ToArray();
        var counts = new long[readers];
        var stop = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, readers).Select(r => Task.Run(async () =>
        {
            var random = new Random(r);
            long n = 0;
            while (stop.Elapsed < duration)
            {
                var result = await store.RangeAsync(new RangeRequest(keys[random.Next(keys.Length)]));
                if (result.Count != 1) throw new InvalidOperationException("a prepared key is missing");
                n++;
            }
            counts[r] = n;
        })).ToArray();
        await Task.WhenAll(tasks);
        return counts.Sum() / stop.Elapsed.TotalSeconds;
    }

    private static byte[] Key(string prefix, int k) => Encoding.ASCII.GetBytes($"{prefix}/{k:D6}");
}
