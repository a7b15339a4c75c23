using System.Globalization;

namespace Cluster.ApiServer.Bench;

/// <summary>Command-line settings: <c>--out FILE --runs N --seconds S --watchers N --rss-pods N --quick</c>.</summary>
internal sealed record BenchOptions(string Out, int Runs, TimeSpan Duration, int Clients, int Watchers, int UpdatesPerSecond, int ListPods, int RssPods)
{
    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions("bench/results/apiserver.json", 3, TimeSpan.FromSeconds(5), 64, 1000, 500, 10_000, 50_000);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--out" => o with { Out = Next() },
                "--runs" => o with { Runs = Int() },
                "--seconds" => o with { Duration = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--watchers" => o with { Watchers = Int() },
                "--rss-pods" => o with { RssPods = Int() },
                "--quick" => o with { Runs = 1, Duration = TimeSpan.FromSeconds(2), Watchers = 100, ListPods = 2_000, RssPods = 5_000 },
                _ => throw new ArgumentException($"unknown argument {args[i]}"),
            };
        }
        return o;
    }
}
