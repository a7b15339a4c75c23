using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cluster.ApiServer.Observability;

/// <summary>
/// The OpenTelemetry SDK providers of one server: a MeterProvider over that server's <see cref="ApiServerTelemetry.Meter"/>
/// feeding the Prometheus scrape (always), and OTLP exporters for metrics and traces when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. The SDK reads the standard <c>OTEL_*</c> variables (protocol, headers,
/// per-signal endpoints, service name, export interval) from the environment given. Dispose to flush and stop.
/// </summary>
public sealed class TelemetryProviders : IDisposable
{
    /// <summary><c>service.name</c> unless <c>OTEL_SERVICE_NAME</c> says otherwise.</summary>
    public const string DefaultServiceName = "apiserver";

    private TelemetryProviders(MeterProvider metrics, TracerProvider? traces, PrometheusScraper prometheus)
    {
        Metrics = metrics;
        Traces = traces;
        Prometheus = prometheus;
    }

    public MeterProvider Metrics { get; }

    /// <summary>Exports spans over OTLP; null when no OTLP endpoint is configured (spans then go nowhere).</summary>
    public TracerProvider? Traces { get; }

    public PrometheusScraper Prometheus { get; }

    /// <param name="environment">Environment variables; only the <c>OTEL_*</c> ones are read.</param>
    public static TelemetryProviders Create(ApiServerTelemetry telemetry, IReadOnlyDictionary<string, string?> environment)
    {
        var otel = environment.Where(e => e.Key.StartsWith("OTEL_", StringComparison.Ordinal)).ToDictionary(e => e.Key, e => e.Value);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(otel).Build();
        var otlp = otel.TryGetValue("OTEL_EXPORTER_OTLP_ENDPOINT", out var endpoint) && !string.IsNullOrWhiteSpace(endpoint);
        void Resource(ResourceBuilder resource)
        {
            if (!otel.ContainsKey("OTEL_SERVICE_NAME")) resource.AddService(DefaultServiceName);
        }

        var prometheus = new PrometheusScraper();
        var metrics = Sdk.CreateMeterProviderBuilder()
            .ConfigureServices(s => s.AddSingleton<IConfiguration>(configuration))
            .ConfigureResource(Resource)
            .AddMeter(ApiServerTelemetry.Name)
            // Every server in the process has a meter of this name: take only this one's instruments.
            .AddView(instrument => ReferenceEquals(instrument.Meter, telemetry.Meter) ? null : MetricStreamConfiguration.Drop)
            .SetExemplarFilter(ExemplarFilterType.AlwaysOff)
            .AddReader(prometheus.Reader);
        if (otlp) metrics.AddOtlpExporter();

        var traces = otlp
            ? Sdk.CreateTracerProviderBuilder()
                .ConfigureServices(s => s.AddSingleton<IConfiguration>(configuration))
                .ConfigureResource(Resource)
                .AddSource(ApiServerTelemetry.Name)
                .AddOtlpExporter()
                .Build()
            : null;
        return new TelemetryProviders(metrics.Build(), traces, prometheus);
    }

    /// <summary>The <c>OTEL_*</c> variables of this process.</summary>
    public static IReadOnlyDictionary<string, string?> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables().Keys.OfType<string>()
            .Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal))
            .ToDictionary(k => k, Environment.GetEnvironmentVariable);

    public void Dispose()
    {
        Traces?.Dispose();
        Metrics.Dispose();
    }
}
