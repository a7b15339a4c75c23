namespace Cluster.Store.Bench;

/// <summary>Medians and percentiles over measured samples.</summary>
internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>The <paramref name="p"/>-th percentile (0..100) of <paramref name="values"/>, nearest rank.</summary>
    public static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        values.Sort();
        var rank = (int)Math.Ceiling(p / 100 * values.Count) - 1;
        return values[Math.Clamp(rank, 0, values.Count - 1)];
    }
}
