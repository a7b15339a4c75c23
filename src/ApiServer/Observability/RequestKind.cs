namespace Cluster.ApiServer.Observability;

/// <summary>How a request counts towards <c>apiserver_current_inflight_requests</c>: long-running ones (watches) do not.</summary>
public enum RequestKind
{
    ReadOnly,
    Mutating,
    LongRunning,
}
