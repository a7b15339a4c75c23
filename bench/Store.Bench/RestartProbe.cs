using System.Diagnostics;
using System.Globalization;
using System.Text;
using Cluster.Store.Embedded;
using Microsoft.Extensions.Logging;

namespace Cluster.Store.Bench;

/// <summary>
/// Restart time and memory with 1,000,000 keys of 256 bytes: the benchmark fills a data directory, then a fresh
/// child process opens it (snapshot load + log replay) and reports the time to open and its peak RSS.
/// </summary>
internal static class RestartProbe
{
    public const string ProbeFlag = "--restart-probe";
    private const string Prefix = "/bench/restart";

    public static async Task FillAsync(string dataDir, int keys)
    {
        await using var store = await EmbeddedStore.OpenAsync(new EmbeddedStoreOptions { DataDirectory = dataDir });
        var value = new byte[256];
        Random.Shared.NextBytes(value);
        const int perTxn = StoreLimits.MaxTxnOps;
        var next = -1;
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var batch = Interlocked.Increment(ref next);
                if (batch * perTxn >= keys) return;
                var ops = Enumerable.Range(batch * perTxn, Math.Min(perTxn, keys - batch * perTxn))
                    .Select(k => (TxnOp)new PutRequest(Encoding.ASCII.GetBytes($"{Prefix}/{k:D8}"), value)).ToList();
                await store.TxnAsync(new TxnRequest([], ops));
            }
        })).ToArray();
        await Task.WhenAll(workers);
    }

    /// <summary>Runs a child process that opens the store; returns (seconds to open, peak RSS in MB).</summary>
    public static async Task<(double Seconds, double PeakRssMb)> MeasureAsync(string dataDir, int expectedKeys)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") info.ArgumentList.Add(typeof(RestartProbe).Assembly.Location);
        info.ArgumentList.Add(ProbeFlag);
        info.ArgumentList.Add(dataDir);
        using var child = Process.Start(info)!;
        var output = await child.StandardOutput.ReadToEndAsync();
        var errors = await child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        foreach (var l in output.Split('\n').Where(l => l.Contains("Opened store", StringComparison.Ordinal))) Console.Error.WriteLine(l.Trim());
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESTART ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"restart probe failed: {output}{errors}");
        var parts = line.Split(' ');
        var keys = long.Parse(parts[3], CultureInfo.InvariantCulture);
        if (keys != expectedKeys) throw new InvalidOperationException($"restart probe found {keys} keys, expected {expectedKeys}");
        return (double.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    /// <summary>The child side: open, count, report.</summary>
    public static async Task<int> ProbeAsync(string dataDir)
    {
        var started = Stopwatch.StartNew();
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        await using var store = await EmbeddedStore.OpenAsync(new EmbeddedStoreOptions { DataDirectory = dataDir }, loggers.CreateLogger("store"));
        var seconds = started.Elapsed.TotalSeconds;
        var count = (await store.RangeAsync(RangeRequest.Prefix(Encoding.ASCII.GetBytes(Prefix)) with { CountOnly = true })).Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESTART {seconds:F3} {PeakRssMb():F1} {count} gc-pause-ms={GC.GetTotalPauseDuration().TotalMilliseconds:F0} gen0={GC.CollectionCount(0)} gen1={GC.CollectionCount(1)} gen2={GC.CollectionCount(2)}"));
        return 0;
    }

    private static double PeakRssMb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
        }
        return double.NaN;
    }
}
