using System.Text;
using Microsoft.AspNetCore.Http;
using OpenTelemetry.Metrics;

namespace Cluster.ApiServer.Observability;

/// <summary>
/// The Prometheus endpoint over the OpenTelemetry SDK: <see cref="Reader"/> is a pull-mode reader to add to a
/// MeterProvider, and each <see cref="Scrape"/> collects the provider's current (cumulative) values and renders them
/// in the text exposition format. Scrapes are serialized; they cost one collection each and nothing in between. Disposing
/// the MeterProvider it was added to disposes it too.
/// </summary>
public sealed class PrometheusScraper : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly PrometheusExporter _exporter = new();
    private readonly Lock _gate = new();

    public PrometheusScraper()
    {
        Reader = new BaseExportingMetricReader(_exporter) { TemporalityPreference = MetricReaderTemporalityPreference.Cumulative };
    }

    /// <summary>Add to exactly one MeterProvider, which then owns (and disposes) it.</summary>
    public MetricReader Reader { get; }

    /// <summary>The metrics as Prometheus text, or null when the collection failed.</summary>
    public string? Scrape()
    {
        lock (_gate)
        {
            var output = new StringBuilder();
            _exporter.Output = output;
            try
            {
                return Reader.Collect() ? output.ToString() : null;
            }
            finally
            {
                _exporter.Output = null;
            }
        }
    }

    /// <summary>Answers a scrape: 200 with the text, or 503 when nothing could be collected.</summary>
    public async Task ServeAsync(HttpContext http)
    {
        var text = Scrape();
        http.Response.StatusCode = text is null ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        http.Response.ContentType = text is null ? "text/plain; charset=utf-8" : ContentType;
        await http.Response.WriteAsync(text ?? "metrics collection failed\n", Encoding.UTF8, http.RequestAborted);
    }

    /// <summary>Disposes the reader (and its exporter); a no-op once its MeterProvider disposed it.</summary>
    public void Dispose() => Reader.Dispose();
}
