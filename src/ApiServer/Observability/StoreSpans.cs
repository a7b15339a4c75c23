using System.Diagnostics;

namespace Cluster.ApiServer.Observability;

/// <summary>The client span of one store call, a child of whatever span is current (the request's, usually).</summary>
internal static class StoreSpans
{
    public static Activity? Start(ActivitySource source, string operation, string type)
    {
        var span = source.StartActivity("etcd " + operation, ActivityKind.Client);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("db.system.name", "etcd");
            span.SetTag("db.operation.name", operation);
            if (type.Length > 0) span.SetTag("resource", type);
        }
        return span;
    }
}
