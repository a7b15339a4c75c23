using System.Globalization;
using System.Text;
using Cluster.Store.Bench;

namespace Cluster.Bench;

/// <summary>
/// Samples of named metrics over several runs, reported as the benchmarks do: a markdown table of medians with every
/// run's value and the target, and bench/results/&lt;area&gt;.json as one flat object of metric name to median.
/// </summary>
internal sealed class MetricReport(IReadOnlyDictionary<string, string> targets)
{
    private readonly Dictionary<string, List<double>> _samples = new(StringComparer.Ordinal);

    public void Add(string metric, double value)
    {
        (_samples.TryGetValue(metric, out var list) ? list : _samples[metric] = []).Add(value);
        Console.Error.WriteLine($"  {metric} = {value:N1}");
    }

    public async Task WriteAsync(string output)
    {
        var medians = _samples.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (Metric: kv.Key, Median: Stats.Median(kv.Value), Runs: kv.Value)).ToList();
        var table = new StringBuilder();
        table.AppendLine("| metric | median | runs | target |");
        table.AppendLine("|---|---:|---|---:|");
        foreach (var (metric, median, runs) in medians)
        {
            var values = string.Join(", ", runs.Select(v => v.ToString("N1", CultureInfo.InvariantCulture)));
            table.AppendLine(CultureInfo.InvariantCulture, $"| {metric} | {median:N1} | {values} | {targets.GetValueOrDefault(metric, "")} |");
        }
        Console.WriteLine(table);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        var json = new StringBuilder("{\n");
        json.AppendJoin(",\n", medians.Select(m => string.Create(CultureInfo.InvariantCulture, $"  \"{m.Metric}\": {Math.Round(m.Median, 3)}")));
        json.Append("\n}\n");
        await File.WriteAllTextAsync(output, json.ToString());
    }
}
