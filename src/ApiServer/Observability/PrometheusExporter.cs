using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Cluster.ApiServer.Observability;

/// <summary>
/// Writes each exported batch as Prometheus text into the buffer the current scrape set. Its reader is a plain
/// <see cref="BaseExportingMetricReader"/>, which nothing collects periodically: it is collected only by
/// <see cref="PrometheusScraper.Scrape"/>, which holds the buffer for the length of one collection. (The SDK's
/// <c>ExportModes.Pull</c> gate only opens for its own Prometheus exporters, so this exporter keeps the default
/// mode; collections the provider starts itself, at flush or shutdown, find no buffer and fail harmlessly.)
/// </summary>
internal sealed class PrometheusExporter : BaseExporter<Metric>
{
    /// <summary>Where the next collection goes; null between scrapes (a collection then fails).</summary>
    public StringBuilder? Output { get; set; }

    public override ExportResult Export(in Batch<Metric> batch)
    {
        if (Output is not { } output) return ExportResult.Failure;
        foreach (var metric in batch) PrometheusText.Write(output, metric);
        return ExportResult.Success;
    }
}
