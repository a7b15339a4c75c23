using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cluster.ApiServer.Http;
using Cluster.ApiServer.Registry;
using Cluster.ApiServer.WatchCache;
using Microsoft.AspNetCore.Http;

namespace Cluster.ApiServer.Observability;

/// <summary>
/// The traces and metrics of one API server: an <see cref="ActivitySource"/> and a <see cref="System.Diagnostics.Metrics.Meter"/>
/// both named <see cref="Name"/>, whose instruments carry the Kubernetes API server's metric names and labels
/// (<c>apiserver_request_total</c>, <c>apiserver_request_duration_seconds</c>, <c>etcd_request_duration_seconds</c>, ...).
/// One instance per server; instances share nothing, so servers in one process keep separate counts as long as
/// each provider listens only to its own instance's <see cref="Meter"/>. Recording is allocation-free when no span
/// is sampled.
/// </summary>
public sealed class ApiServerTelemetry : IDisposable
{
    public const string Name = "Cluster.ApiServer";

    /// <summary>The <c>component</c> label of the request metrics.</summary>
    public const string Component = "apiserver";

    /// <summary>Upstream's buckets for request and etcd latencies, in seconds.</summary>
    public static ImmutableArray<double> LatencyBuckets { get; } =
        [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _requestDuration;
    private readonly Histogram<double> _storeDuration;
    private readonly UpDownCounter<long> _longRunning;
    private readonly UpDownCounter<long> _watchers;
    private readonly Counter<long> _watchEvents;
    private readonly ConcurrentDictionary<ResourceDefinition, string> _resourceNames = new(ReferenceEqualityComparer.Instance);
    private readonly string[] _codes = [.. Enumerable.Range(0, 600).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    private WatchCacheSet? _caches;
    private int _inflightReadOnly;
    private int _inflightMutating;

    public ApiServerTelemetry()
    {
        Source = new ActivitySource(Name);
        Meter = new Meter(Name);
        var buckets = new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets };
        _requests = Meter.CreateCounter<long>("apiserver_request_total",
            description: "Requests served, by verb, dry run, group, version, resource, subresource, scope, component and HTTP status code.");
        _requestDuration = Meter.CreateHistogram("apiserver_request_duration_seconds", unit: null,
            description: "Seconds taken to serve a request (a watch: its whole length), by verb, dry run, group, version, resource, subresource, scope and component.",
            tags: null, advice: buckets);
        _storeDuration = Meter.CreateHistogram("etcd_request_duration_seconds", unit: null,
            description: "Seconds taken by one call to the store, by operation and resource.", tags: null, advice: buckets);
        _longRunning = Meter.CreateUpDownCounter<long>("apiserver_longrunning_requests",
            description: "Long-running requests (watches) open now, by verb, group, version, resource, subresource, scope and component.");
        _watchers = Meter.CreateUpDownCounter<long>("apiserver_registered_watchers",
            description: "Watches open now, by group, version and kind.");
        _watchEvents = Meter.CreateCounter<long>("apiserver_watch_events_total", description: "Events written to watch clients, by group, version and kind.");
        Meter.CreateObservableGauge("apiserver_current_inflight_requests", ObserveInflight,
            description: "Number of requests this apiserver is currently serving, per request kind (long-running requests excluded).");
        Meter.CreateObservableGauge("apiserver_storage_objects", ObserveStorageObjects,
            description: "Objects stored per resource, as its watch cache counts them at the scrape (resources never listed or watched yet are absent).");
    }

    /// <summary>Spans: one per request ("GET /api/v1/namespaces/{namespace}/pods"), with a child per store call.</summary>
    public ActivitySource Source { get; }

    public Meter Meter { get; }

    /// <summary>Starts measuring a request; dispose the result when the response is complete.</summary>
    public RequestTelemetry StartRequest(HttpContext http, bool longRunning)
    {
        var kind = longRunning ? RequestKind.LongRunning
            : HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) ? RequestKind.ReadOnly
            : RequestKind.Mutating;
        if (kind == RequestKind.ReadOnly) Interlocked.Increment(ref _inflightReadOnly);
        else if (kind == RequestKind.Mutating) Interlocked.Increment(ref _inflightMutating);
        var span = Source.HasListeners() ? RequestSpans.Start(Source, http) : null;
        return new RequestTelemetry(this, http, kind, Stopwatch.GetTimestamp(), span);
    }

    /// <summary>
    /// Notes what a resource request is about, once parsed: its labels come from <paramref name="info"/>, and a watch
    /// counts as a registered watcher until the request ends.
    /// </summary>
    public void OnResourceRequest(HttpContext http, RequestInfo info, ResourceRegistry registry)
    {
        http.Features.Set(info);
        if (info.Verb == "watch" && registry.Find(info.Group, info.Version, info.Resource) is { } resource)
            http.Features.Set(new WatchTelemetry(this, resource, info));
    }

    /// <summary>Starts measuring one store call (operation get, create, update, delete, list, ...); dispose it when done.</summary>
    public StoreCall StartStoreCall(string operation, ResourceDefinition? resource)
    {
        var type = resource is null ? "" : ResourceName(resource);
        var span = Source.HasListeners() ? StoreSpans.Start(Source, operation, type) : null;
        return new StoreCall(this, operation, type, Stopwatch.GetTimestamp(), span);
    }

    /// <summary>Reports <c>apiserver_storage_objects</c> from the object counts of these watch caches.</summary>
    public void TrackStorageObjects(WatchCacheSet caches) => Volatile.Write(ref _caches, caches);

    /// <summary>The resource as upstream labels it: <c>pods</c>, <c>deployments.apps</c>.</summary>
    public string ResourceName(ResourceDefinition resource) =>
        _resourceNames.GetOrAdd(resource, r => r.GroupResource.ToString());

    internal void EndRequest(HttpContext http, RequestKind kind, long started, Activity? span)
    {
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (kind == RequestKind.ReadOnly) Interlocked.Decrement(ref _inflightReadOnly);
        else if (kind == RequestKind.Mutating) Interlocked.Decrement(ref _inflightMutating);
        var info = http.Features.Get<RequestInfo>();
        http.Features.Get<WatchTelemetry>()?.End();
        var code = http.Response.StatusCode;

        // In key order, as the SDK keeps them: a first lookup then needs no sort and no second index entry.
        RequestTags buffer = default;
        Span<KeyValuePair<string, object?>> tags = buffer;
        tags[0] = new("code", (uint)code < (uint)_codes.Length ? _codes[code] : code.ToString(System.Globalization.CultureInfo.InvariantCulture));
        tags[1] = new("component", Component);
        tags[2] = new("dry_run", RequestLabels.DryRun(http.Request));
        tags[3] = new("group", info?.Group ?? "");
        tags[4] = new("resource", info?.Resource ?? "");
        tags[5] = new("scope", RequestLabels.Scope(info));
        tags[6] = new("subresource", info?.Subresource ?? RequestLabels.NonResourcePath(http.Request, code));
        tags[7] = new("verb", RequestLabels.Verb(http.Request, info));
        tags[8] = new("version", info?.Version ?? "");
        _requestDuration.Record(seconds, tags[1..]);
        _requests.Add(1, tags);
        if (span is not null) RequestSpans.Finish(span, http, info, code);
    }

    internal void EndStoreCall(string operation, string type, long started, Activity? span)
    {
        _storeDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("type", type));
        span?.Dispose();
    }

    internal void WatchStarted(in TagList longRunning, in TagList kind)
    {
        _longRunning.Add(1, longRunning);
        _watchers.Add(1, kind);
    }

    internal void WatchEnded(in TagList longRunning, in TagList kind)
    {
        _longRunning.Add(-1, longRunning);
        _watchers.Add(-1, kind);
    }

    internal void WatchEventsSent(int count, in TagList kind) => _watchEvents.Add(count, kind);

    private IEnumerable<Measurement<long>> ObserveInflight() =>
    [
        new(Volatile.Read(ref _inflightMutating), new KeyValuePair<string, object?>("request_kind", "mutating")),
        new(Volatile.Read(ref _inflightReadOnly), new KeyValuePair<string, object?>("request_kind", "readOnly")),
    ];

    private IEnumerable<Measurement<long>> ObserveStorageObjects()
    {
        if (Volatile.Read(ref _caches) is not { } caches) return [];
        // Versions of one resource have a cache each over the same objects: report the resource once.
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (resource, count) in caches.ObjectCounts()) counts[ResourceName(resource)] = count;
        return counts.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("resource", c.Key))).ToList();
    }

    public void Dispose()
    {
        Source.Dispose();
        Meter.Dispose();
    }
}
