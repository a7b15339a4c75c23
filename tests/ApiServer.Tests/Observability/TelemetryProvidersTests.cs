using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Cluster.ApiServer.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Cluster.ApiServer.Tests.Observability;

/// <summary>The SDK providers of a server: Prometheus always, OTLP only with an endpoint (sent to a loopback receiver here).</summary>
public sealed class TelemetryProvidersTests
{
    [Fact]
    public void Without_an_otlp_endpoint_only_the_prometheus_scrape_is_set_up()
    {
        using var telemetry = new ApiServerTelemetry();
        using var providers = TelemetryProviders.Create(telemetry, new Dictionary<string, string?> { ["OTEL_SERVICE_NAME"] = "x" });
        Assert.Null(providers.Traces);
        telemetry.StartStoreCall("get", null).Dispose();
        Assert.Contains("etcd_request_duration_seconds_count{operation=\"get\",type=\"\"} 1\n", providers.Prometheus.Scrape(), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_provider_reads_only_its_own_servers_meter()
    {
        using var mine = new ApiServerTelemetry();
        using var other = new ApiServerTelemetry();
        using var providers = TelemetryProviders.Create(mine, new Dictionary<string, string?>());
        other.StartStoreCall("delete", null).Dispose();
        mine.StartStoreCall("get", null).Dispose();

        var text = providers.Prometheus.Scrape();
        Assert.Contains("operation=\"get\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("operation=\"delete\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_otlp_endpoint_spans_and_metrics_are_exported_over_otlp()
    {
        var received = new ConcurrentQueue<(string Path, byte[] Body)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var receiver = builder.Build();
        receiver.Run(async http =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            received.Enqueue((http.Request.Path.Value!, body.ToArray()));
            http.Response.StatusCode = 200;
        });
        await receiver.StartAsync();

        using (var telemetry = new ApiServerTelemetry())
        {
            var environment = new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Urls.First(),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_SERVICE_NAME"] = "otlp-test-apiserver",
            };
            using var providers = TelemetryProviders.Create(telemetry, environment);
            Assert.NotNull(providers.Traces);
            telemetry.StartStoreCall("delete", null).Dispose();
        } // disposing flushes both exporters

        // Spans of other tests' servers may ride along (the provider listens to the source name): look for ours.
        Assert.Contains(received, r => r.Path == "/v1/traces" && Encoding.UTF8.GetString(r.Body) is var text
            && text.Contains("etcd delete", StringComparison.Ordinal) && text.Contains("otlp-test-apiserver", StringComparison.Ordinal));
        Assert.Contains(received, r => r.Path == "/v1/metrics" && Encoding.UTF8.GetString(r.Body).Contains("etcd_request_duration_seconds", StringComparison.Ordinal));
        await receiver.StopAsync();
    }
}
