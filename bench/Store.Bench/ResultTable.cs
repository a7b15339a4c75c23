using System.Globalization;
using System.Text;

namespace Cluster.Store.Bench;

/// <summary>The markdown table the benchmark prints: each load side by side for both engines, medians of the runs.</summary>
internal static class ResultTable
{
    public static string Render(Dictionary<string, double> m, Dictionary<string, List<double>> samples, BenchOptions options)
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"Store benchmark: medians of {options.Runs} runs, {options.Duration.TotalSeconds:F0} s per load, {Environment.ProcessorCount} cores; history compacted between loads");
        s.AppendLine();
        s.AppendLine("| load | embedded | etcd | embedded / etcd |");
        s.AppendLine("|---|---:|---:|---:|");
        Row(s, "durable puts/s, 1 KiB, 1 writer", m["embedded_put_per_s_w1"], m["etcd_put_per_s_w1"]);
        Row(s, "durable puts/s, 1 KiB, 16 writers", m["embedded_put_per_s_w16"], m["etcd_put_per_s_w16"]);
        Row(s, "durable puts/s, 1 KiB, 256 writers", m["embedded_put_per_s_w256"], m["etcd_put_per_s_w256"]);
        Row(s, "put p99 ms, 256 writers", m["embedded_put_p99_ms_w256"], m["etcd_put_p99_ms_w256"]);
        Row(s, "point reads/s, 16 readers", m["embedded_get_per_s"], m["etcd_get_per_s"]);
        Row(s, "watch events/s, 100 watchers", m["embedded_watch_events_per_s"], m["etcd_watch_events_per_s"]);
        s.AppendLine();
        s.AppendLine("| embedded, 1,000,000 keys of 256 B | median | runs |");
        s.AppendLine("|---|---:|---|");
        s.AppendLine(CultureInfo.InvariantCulture, $"| restart s | {m["embedded_restart_s_1m_keys"]:F2} | {string.Join(", ", samples["embedded_restart_s_1m_keys"].Select(v => v.ToString("F2", CultureInfo.InvariantCulture)))} |");
        s.AppendLine(CultureInfo.InvariantCulture, $"| peak RSS MB | {m["embedded_peak_rss_mb_1m_keys"]:F0} | {string.Join(", ", samples["embedded_peak_rss_mb_1m_keys"].Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))} |");
        return s.ToString();
    }

    private static void Row(StringBuilder s, string load, double embedded, double etcd) =>
        s.AppendLine(CultureInfo.InvariantCulture, $"| {load} | {embedded:N0} | {etcd:N0} | {embedded / etcd:F2} |");
}
