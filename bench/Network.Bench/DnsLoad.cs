using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cluster.Network.Bench;

/// <summary>
/// Closed-loop UDP load on a DNS server: each of <c>concurrency</c> sockets sends an A query for the next name, waits for
/// its answer (or a 1 s timeout, counted as an error), and sends the next, for the given duration.
/// </summary>
internal static class DnsLoad
{
    public sealed record Result(long Answered, long Failed, double Qps, double P50Ms, double P99Ms);

    public static async Task<Result> RunAsync(IPEndPoint server, IReadOnlyList<string> names, int concurrency, TimeSpan duration)
    {
        var queries = names.Select(Query).ToArray();
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(() => WorkerAsync(server, queries, w, clock, duration))).ToArray();
        var results = await Task.WhenAll(workers);
        var elapsed = clock.Elapsed.TotalSeconds;
        var latencies = results.SelectMany(r => r.Latencies).Order().ToArray();
        var answered = latencies.Length;
        return new Result(answered, results.Sum(r => r.Failed), answered / elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static async Task<(List<double> Latencies, long Failed)> WorkerAsync(IPEndPoint server, byte[][] queries, int worker, Stopwatch clock, TimeSpan duration)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(server);
        var buffer = new byte[1500];
        var latencies = new List<double>(200_000);
        long failed = 0;
        var i = worker;
        while (clock.Elapsed < duration)
        {
            var query = queries[i++ % queries.Length];
            var id = (ushort)i;
            BinaryPrimitives.WriteUInt16BigEndian(query, id);
            var start = Stopwatch.GetTimestamp();
            await socket.SendAsync(query, SocketFlags.None);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                while (true)
                {
                    var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                    if (read >= 12 && BinaryPrimitives.ReadUInt16BigEndian(buffer) == id) break; // a late answer to an earlier query is skipped
                }

                var rcode = buffer[3] & 0x0F;
                if (rcode == 0) latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                else failed++;
            }
            catch (OperationCanceledException)
            {
                failed++;
            }
        }

        return (latencies, failed);
    }

    /// <summary>A standard recursive A query for <paramref name="name"/> (its id is set per send).</summary>
    private static byte[] Query(string name)
    {
        var bytes = new List<byte> { 0, 0, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.AddRange([0, 0, 1, 0, 1]); // root, type A, class IN
        return [.. bytes];
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
