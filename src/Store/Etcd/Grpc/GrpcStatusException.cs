namespace Cluster.Store.Etcd.Grpc;

/// <summary>
/// A gRPC call ended with a status other than OK, or failed in transport (reported as <see cref="GrpcStatusCode.Unavailable"/>).
/// The etcd engine translates it into a <see cref="StoreException"/>; it never leaves the engine.
/// </summary>
/// <param name="requestNotSent">
/// True when the failure happened before the request reached the server (no connection could be made), so the call
/// can be repeated elsewhere even if it is not idempotent.
/// </param>
internal sealed class GrpcStatusException(GrpcStatusCode code, string detail, Exception? inner = null, bool requestNotSent = false)
    : Exception($"gRPC status {code}: {detail}", inner)
{
    public GrpcStatusCode Code { get; } = code;

    /// <summary>The server's grpc-message, or a description of the transport failure.</summary>
    public string Detail { get; } = detail;

    public bool RequestNotSent { get; } = requestNotSent;

    public GrpcStatus Status => new(Code, Detail);
}
