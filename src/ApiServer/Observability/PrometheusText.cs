using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Cluster.ApiServer.Observability;

/// <summary>
/// Writes metrics in the Prometheus text exposition format (0.0.4): <c># HELP</c> and <c># TYPE</c> lines, then one
/// sample per point. Sums are counters under the name they were given (<c>apiserver_request_total</c>), up-down
/// counters and gauges are gauges, explicit-bucket histograms become cumulative <c>_bucket{le=...}</c> samples
/// ending in <c>+Inf</c>, then <c>_sum</c> and <c>_count</c>. Metrics without points are left out; exponential
/// histograms are not written.
/// </summary>
internal static class PrometheusText
{
    public static void Write(StringBuilder output, Metric metric)
    {
        var type = metric.MetricType switch
        {
            MetricType.LongSum or MetricType.DoubleSum => "counter",
            MetricType.LongGauge or MetricType.DoubleGauge or MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic => "gauge",
            MetricType.Histogram => "histogram",
            _ => null,
        };
        if (type is null) return;
        var name = MetricName(metric.Name);
        var header = false;
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            if (!header)
            {
                if (!string.IsNullOrEmpty(metric.Description))
                {
                    output.Append("# HELP ").Append(name).Append(' ');
                    Escape(output, metric.Description, quotes: false);
                    output.Append('\n');
                }
                output.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
                header = true;
            }
            switch (metric.MetricType)
            {
                case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                    Sample(output, name, "", point.Tags, null).Append(point.GetSumLong().ToString(CultureInfo.InvariantCulture)).Append('\n');
                    break;
                case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                    Number(Sample(output, name, "", point.Tags, null), point.GetSumDouble()).Append('\n');
                    break;
                case MetricType.LongGauge:
                    Sample(output, name, "", point.Tags, null).Append(point.GetGaugeLastValueLong().ToString(CultureInfo.InvariantCulture)).Append('\n');
                    break;
                case MetricType.DoubleGauge:
                    Number(Sample(output, name, "", point.Tags, null), point.GetGaugeLastValueDouble()).Append('\n');
                    break;
                default:
                    Histogram(output, name, point);
                    break;
            }
        }
    }

    private static void Histogram(StringBuilder output, string name, in MetricPoint point)
    {
        long cumulative = 0;
        foreach (var bucket in point.GetHistogramBuckets())
        {
            cumulative += bucket.BucketCount;
            Sample(output, name, "_bucket", point.Tags, bucket.ExplicitBound).Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        Number(Sample(output, name, "_sum", point.Tags, null), point.GetHistogramSum()).Append('\n');
        Sample(output, name, "_count", point.Tags, null).Append(point.GetHistogramCount().ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    /// <summary>Writes <c>name_suffix{labels} </c>, up to the value.</summary>
    private static StringBuilder Sample(StringBuilder output, string name, string suffix, ReadOnlyTagCollection tags, double? le)
    {
        output.Append(name).Append(suffix);
        if (tags.Count > 0 || le is not null)
        {
            output.Append('{');
            var first = true;
            foreach (var tag in tags)
            {
                if (!first) output.Append(',');
                first = false;
                LabelName(output, tag.Key);
                output.Append("=\"");
                Escape(output, LabelValue(tag.Value), quotes: true);
                output.Append('"');
            }
            if (le is { } bound)
            {
                output.Append(first ? "le=\"" : ",le=\"");
                Number(output, bound).Append('"');
            }
            output.Append('}');
        }
        return output.Append(' ');
    }

    /// <summary>Prometheus' float syntax: <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>; integral values without exponent or decimals.</summary>
    public static StringBuilder Number(StringBuilder output, double value)
    {
        if (double.IsNaN(value)) return output.Append("NaN");
        if (double.IsPositiveInfinity(value)) return output.Append("+Inf");
        if (double.IsNegativeInfinity(value)) return output.Append("-Inf");
        if (Math.Abs(value) < 1e15 && value == Math.Floor(value)) return output.Append(((long)value).ToString(CultureInfo.InvariantCulture));
        return output.Append(value.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>Backslash and newline escaped (and double quotes, in label values).</summary>
    public static void Escape(StringBuilder output, string text, bool quotes)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': output.Append(@"\\"); break;
                case '\n': output.Append(@"\n"); break;
                case '"' when quotes: output.Append("\\\""); break;
                default: output.Append(c); break;
            }
        }
    }

    /// <summary>The name with every character Prometheus does not allow (dots, dashes) turned into an underscore.</summary>
    public static string MetricName(string name)
    {
        var valid = true;
        for (var i = 0; i < name.Length && valid; i++) valid = IsNameChar(name[i], i, colon: true);
        if (valid && name.Length > 0) return name;
        var fixedName = new StringBuilder(name.Length + 1);
        if (name.Length == 0 || char.IsAsciiDigit(name[0])) fixedName.Append('_');
        foreach (var c in name) fixedName.Append(IsNameChar(c, 1, colon: true) ? c : '_');
        return fixedName.ToString();
    }

    private static void LabelName(StringBuilder output, string key)
    {
        if (key.Length == 0 || char.IsAsciiDigit(key[0])) output.Append('_');
        foreach (var c in key) output.Append(IsNameChar(c, 1, colon: false) ? c : '_');
    }

    private static bool IsNameChar(char c, int position, bool colon) =>
        char.IsAsciiLetter(c) || c == '_' || (colon && c == ':') || (position > 0 && char.IsAsciiDigit(c));

    private static string LabelValue(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
