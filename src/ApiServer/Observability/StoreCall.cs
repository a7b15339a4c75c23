using System.Diagnostics;

namespace Cluster.ApiServer.Observability;

/// <summary>
/// One store call being measured, from <see cref="ApiServerTelemetry.StartStoreCall"/>: disposing it records
/// <c>etcd_request_duration_seconds{operation,type}</c> and ends its span. <c>default</c> measures nothing.
/// </summary>
public readonly struct StoreCall : IDisposable
{
    private readonly ApiServerTelemetry? _owner;
    private readonly string _operation;
    private readonly string _type;
    private readonly long _started;
    private readonly Activity? _span;

    internal StoreCall(ApiServerTelemetry owner, string operation, string type, long started, Activity? span)
    {
        _owner = owner;
        _operation = operation;
        _type = type;
        _started = started;
        _span = span;
    }

    /// <summary>Marks the call's span failed; the duration is recorded all the same.</summary>
    public void Fail(Exception error)
    {
        if (_span is null) return;
        _span.SetStatus(ActivityStatusCode.Error, error.Message);
        _span.AddException(error);
    }

    public void Dispose() => _owner?.EndStoreCall(_operation, _type, _started, _span);
}
