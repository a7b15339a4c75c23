using System.Globalization;

namespace Cluster.ApiServer.Bench;

/// <summary>Command-line settings: <c>--out FILE --runs N --seconds S --warm-up S --watchers N --rss-pods N --only store,create,get,list,watch,rss --quick</c>.</summary>
internal sealed record BenchOptions(string Out, int Runs, TimeSpan Duration, TimeSpan WarmUp, int Clients, int Watchers, int UpdatesPerSecond, int ListPods, int RssPods, IReadOnlySet<string> Phases)
{
    private static readonly HashSet<string> AllPhases = ["store", "create", "get", "list", "watch", "rss"];

    public bool Includes(string phase) => Phases.Contains(phase);

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions("bench/results/apiserver.json", 3, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), 64, 1000, 500, 10_000, 50_000, AllPhases);
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
                "--only" => o with { Phases = Next().Split(',').ToHashSet(StringComparer.Ordinal) },
                "--warm-up" => o with { WarmUp = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--quick" => o with { Runs = 1, Duration = TimeSpan.FromSeconds(2), WarmUp = TimeSpan.FromSeconds(2), Watchers = 100, ListPods = 2_000, RssPods = 5_000 },
                _ => throw new ArgumentException($"unknown argument {args[i]}"),
            };
        }
        return o;
    }
}
