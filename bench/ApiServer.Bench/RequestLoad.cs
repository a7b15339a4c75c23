using System.Diagnostics;

namespace Cluster.ApiServer.Bench;

/// <summary>N concurrent clients, each sending requests back to back for a fixed time: successful requests per second.</summary>
internal static class RequestLoad
{
    public static async Task<double> RunAsync(int clients, TimeSpan duration, Func<int, long, Task<bool>> request)
    {
        long ok = 0, failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            for (long i = 0; clock.Elapsed < duration; i++)
            {
                if (await request(c, i)) Interlocked.Increment(ref ok);
                else Interlocked.Increment(ref failed);
            }
        })));
        var rate = ok / clock.Elapsed.TotalSeconds;
        if (failed > 0) Console.Error.WriteLine($"  ({failed} requests failed)");
        return rate;
    }

    /// <summary>Creates <paramref name="count"/> objects with <paramref name="clients"/> concurrent clients.</summary>
    public static async Task CreateManyAsync(HttpClient http, int clients, int count, string collection, Func<string, HttpContent> body, string prefix)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) is var i && i < count)
            {
                using var response = await http.PostAsync(new Uri(collection, UriKind.Relative), body($"{prefix}{i}"));
                if ((int)response.StatusCode != 201) throw new InvalidOperationException($"create {prefix}{i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        })));
    }
}
