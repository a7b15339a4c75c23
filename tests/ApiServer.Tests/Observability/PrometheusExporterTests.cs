using System.Diagnostics.Metrics;
using System.Text;
using Cluster.ApiServer.Observability;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Cluster.ApiServer.Tests.Observability;

public sealed class PrometheusExporterTests : IDisposable
{
    private readonly Meter _meter = new("Cluster.Tests.Prometheus." + Guid.NewGuid().ToString("N"));
    private readonly PrometheusScraper _scraper = new();
    private MeterProvider? _provider;

    private string Scrape()
    {
        _provider ??= Sdk.CreateMeterProviderBuilder().AddMeter(_meter.Name).AddReader(_scraper.Reader).Build();
        return _scraper.Scrape() ?? throw new InvalidOperationException("collection failed");
    }

    private void Start() => Scrape();

    public void Dispose()
    {
        _provider?.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public void Counter_keeps_its_total_name_and_escapes_help_and_label_values()
    {
        var counter = _meter.CreateCounter<long>("requests_total", description: "Requests served.\nBy code \\ path.");
        Start();
        counter.Add(3, new KeyValuePair<string, object?>("code", "200"), new KeyValuePair<string, object?>("path", "a\"b\\c\nd"));
        counter.Add(1, new KeyValuePair<string, object?>("code", "200"), new KeyValuePair<string, object?>("path", "a\"b\\c\nd"));

        Assert.Equal(
            "# HELP requests_total Requests served.\\nBy code \\\\ path.\n" +
            "# TYPE requests_total counter\n" +
            "requests_total{code=\"200\",path=\"a\\\"b\\\\c\\nd\"} 4\n",
            Scrape());
    }

    [Fact]
    public void Histogram_has_cumulative_buckets_ending_in_plus_Inf_then_sum_and_count()
    {
        var histogram = _meter.CreateHistogram("latency_seconds", unit: null, description: null, tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 1, 60] });
        Start();
        var get = new KeyValuePair<string, object?>("verb", "GET");
        foreach (var seconds in (double[])[0.00390625, 0.5, 2, 100]) histogram.Record(seconds, get);

        Assert.Equal(
            "# TYPE latency_seconds histogram\n" +
            "latency_seconds_bucket{verb=\"GET\",le=\"0.005\"} 1\n" +
            "latency_seconds_bucket{verb=\"GET\",le=\"1\"} 2\n" +
            "latency_seconds_bucket{verb=\"GET\",le=\"60\"} 3\n" +
            "latency_seconds_bucket{verb=\"GET\",le=\"+Inf\"} 4\n" +
            "latency_seconds_sum{verb=\"GET\"} 102.50390625\n" +
            "latency_seconds_count{verb=\"GET\"} 4\n",
            Scrape());
    }

    [Fact]
    public void Histogram_without_labels_has_only_le()
    {
        var histogram = _meter.CreateHistogram("plain_seconds", unit: null, description: null, tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1] });
        Start();
        histogram.Record(0.25);

        Assert.Equal(
            "# TYPE plain_seconds histogram\n" +
            "plain_seconds_bucket{le=\"1\"} 1\n" +
            "plain_seconds_bucket{le=\"+Inf\"} 1\n" +
            "plain_seconds_sum 0.25\n" +
            "plain_seconds_count 1\n",
            Scrape());
    }

    [Fact]
    public void Labels_come_out_in_key_order_whatever_order_they_were_recorded_in()
    {
        var counter = _meter.CreateCounter<long>("ordered_total");
        Start();
        counter.Add(1, new KeyValuePair<string, object?>("verb", "GET"), new KeyValuePair<string, object?>("code", "200"));
        counter.Add(1, new KeyValuePair<string, object?>("code", "200"), new KeyValuePair<string, object?>("verb", "GET"));

        Assert.Equal("# TYPE ordered_total counter\nordered_total{code=\"200\",verb=\"GET\"} 2\n", Scrape());
    }

    [Fact]
    public void Gauges_and_up_down_counters_are_gauges_and_names_are_sanitized()
    {
        _meter.CreateObservableGauge("process.open_files", () => 1.5);
        var inflight = _meter.CreateUpDownCounter<long>("inflight");
        var bytes = _meter.CreateCounter<double>("bytes_total");
        Start();
        inflight.Add(1, new KeyValuePair<string, object?>("http.method", "GET"));
        inflight.Add(-3, new KeyValuePair<string, object?>("http.method", "GET"));
        bytes.Add(2.5, new KeyValuePair<string, object?>("ok", true), new KeyValuePair<string, object?>("n", 7));

        Assert.Equal(
            "# TYPE process_open_files gauge\n" +
            "process_open_files 1.5\n" +
            "# TYPE inflight gauge\n" +
            "inflight{http_method=\"GET\"} -2\n" +
            "# TYPE bytes_total counter\n" +
            "bytes_total{n=\"7\",ok=\"true\"} 2.5\n",
            Scrape());
    }

    [Fact]
    public void Instruments_without_measurements_are_left_out()
    {
        _meter.CreateCounter<long>("never_total", description: "Never incremented.");
        Assert.Equal("", Scrape());
    }

    [Fact]
    public void Counters_are_cumulative_across_scrapes()
    {
        var counter = _meter.CreateCounter<long>("scrapes_total");
        Start();
        counter.Add(1);
        Assert.Equal("# TYPE scrapes_total counter\nscrapes_total 1\n", Scrape());
        counter.Add(2);
        Assert.Equal("# TYPE scrapes_total counter\nscrapes_total 3\n", Scrape());
    }

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(60.0, "60")]
    [InlineData(-3.0, "-3")]
    [InlineData(0.0, "0")]
    [InlineData(0.005, "0.005")]
    [InlineData(1.25, "1.25")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(1e20, "1E+20")]
    [InlineData(123456789012345.0, "123456789012345")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void Numbers_use_the_Prometheus_float_syntax(double value, string expected) =>
        Assert.Equal(expected, PrometheusText.Number(new StringBuilder(), value).ToString());

    [Theory]
    [InlineData("apiserver_request_total", "apiserver_request_total")]
    [InlineData("http.server.request.duration", "http_server_request_duration")]
    [InlineData("a-b:c", "a_b:c")]
    [InlineData("9lives", "_9lives")]
    public void Metric_names_keep_valid_characters_and_replace_others(string name, string expected) =>
        Assert.Equal(expected, PrometheusText.MetricName(name));
}
