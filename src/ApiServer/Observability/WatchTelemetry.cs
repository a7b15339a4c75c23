using System.Diagnostics;
using Cluster.ApiServer.Http;
using Cluster.ApiServer.Registry;

namespace Cluster.ApiServer.Observability;

/// <summary>
/// One watch request, kept in the request's features while it runs: it counts in <c>apiserver_registered_watchers</c>
/// and <c>apiserver_longrunning_requests</c> until it ends, and the events its stream sends add up to
/// <c>apiserver_watch_events_total</c> (reported at each flush, not per event). Used by one stream at a time.
/// </summary>
public sealed class WatchTelemetry
{
    private readonly ApiServerTelemetry _owner;
    private readonly TagList _longRunning;
    private readonly TagList _kind;
    private int _pending;
    private bool _ended;

    internal WatchTelemetry(ApiServerTelemetry owner, ResourceDefinition resource, RequestInfo info)
    {
        _owner = owner;
        _kind = new TagList
        {
            { "group", resource.Group },
            { "version", resource.Version },
            { "kind", resource.Kind },
        };
        _longRunning = new TagList
        {
            { "verb", "WATCH" },
            { "group", info.Group },
            { "version", info.Version },
            { "resource", info.Resource },
            { "subresource", info.Subresource },
            { "scope", RequestLabels.Scope(info) },
            { "component", ApiServerTelemetry.Component },
        };
        owner.WatchStarted(_longRunning, _kind);
    }

    /// <summary>One event was written to the client.</summary>
    public void EventSent() => _pending++;

    /// <summary>Reports the events sent since the last flush.</summary>
    public void Flush()
    {
        if (_pending == 0) return;
        _owner.WatchEventsSent(_pending, _kind);
        _pending = 0;
    }

    internal void End()
    {
        if (_ended) return;
        _ended = true;
        Flush();
        _owner.WatchEnded(_longRunning, _kind);
    }
}
