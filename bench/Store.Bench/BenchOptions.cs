using System.Globalization;

namespace Cluster.Store.Bench;

/// <summary>Command-line settings: <c>--out FILE --runs N --seconds S --restart-keys N --watch-events N --quick</c>.</summary>
internal sealed record BenchOptions(string Out, int Runs, TimeSpan Duration, int RestartKeys, int WatchEvents)
{
    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions("bench/results/store.json", 3, TimeSpan.FromSeconds(3), 1_000_000, 20_000);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--out" => o with { Out = Next() },
                "--runs" => o with { Runs = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--seconds" => o with { Duration = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--restart-keys" => o with { RestartKeys = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--watch-events" => o with { WatchEvents = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--quick" => o with { Runs = 1, Duration = TimeSpan.FromSeconds(1), RestartKeys = 100_000, WatchEvents = 5_000 },
                _ => throw new ArgumentException($"unknown argument {args[i]}"),
            };
        }
        return o;
    }
}
