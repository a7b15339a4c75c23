using Cluster.Store.Etcd.Grpc;
using Microsoft.Extensions.Logging;
using Pb = Cluster.Store.Etcd.Protos;

namespace Cluster.Store.Etcd.Watching;

/// <summary>
/// One gRPC Watch stream carrying exactly one etcd watcher. Reads translate etcd's responses into
/// <see cref="WatchStep"/>s; progress requests may be sent from any thread while a reader waits.
/// </summary>
internal sealed class WatchSession : IAsyncDisposable
{
    private static readonly Pb.WatchRequest ProgressRequest = new() { ProgressRequest = new Pb.WatchProgressRequest() };

    private readonly GrpcDuplexCall<Pb.WatchRequest, Pb.WatchResponse> _call;
    private readonly ILogger _logger;

    private WatchSession(GrpcChannel channel, GrpcDuplexCall<Pb.WatchRequest, Pb.WatchResponse> call, ILogger logger)
    {
        Channel = channel;
        _call = call;
        _logger = logger;
    }

    public GrpcChannel Channel { get; }

    /// <summary>Opens a stream and asks etcd to create the watcher.</summary>
    /// <exception cref="GrpcStatusException">The stream could not be opened.</exception>
    public static async Task<WatchSession> OpenAsync(
        GrpcChannel channel, Pb.WatchCreateRequest create, TimeSpan timeout, ILogger logger, CancellationToken ct)
    {
        var call = await channel.StartDuplexAsync(EtcdMethods.Watch, new Pb.WatchRequest { CreateRequest = create }, timeout, ct);
        return new WatchSession(channel, call, logger);
    }

    /// <summary>Reads until the stream yields something the consumer must hear about.</summary>
    public async Task<WatchStep> ReadAsync(CancellationToken ct)
    {
        while (true)
        {
            Pb.WatchResponse? response;
            try
            {
                response = await _call.ReadAsync(ct);
            }
            catch (GrpcStatusException e) when (IsBreak(e.Code))
            {
                return WatchStep.Broken(e);
            }
            catch (GrpcStatusException e)
            {
                return WatchStep.Cancelled($"etcd ended the watch stream: {e.Detail}");
            }

            if (response is null) return WatchStep.Broken(new IOException("etcd closed the watch stream"));
            if (response.CompactRevision > 0) return WatchStep.Compacted(response.CompactRevision);
            if (response.Canceled)
                return WatchStep.Cancelled(string.IsNullOrEmpty(response.CancelReason) ? "cancelled by etcd" : response.CancelReason);
            if (response.Created) continue;

            var revision = FromProto.Revision(response.Header);
            if (response.Events.Count == 0) return WatchStep.Of(new WatchBatch(revision, [], IsProgressNotify: true));
            var events = new WatchEvent[response.Events.Count];
            for (var i = 0; i < events.Length; i++) events[i] = FromProto.Event(response.Events[i]);
            return WatchStep.Of(new WatchBatch(revision, events));
        }
    }

    /// <summary>Sends a progress request without waiting; a request lost to a broken stream is the caller's to repeat.</summary>
    public void RequestProgress() => _ = SendProgressRequestAsync();

    public ValueTask DisposeAsync() => _call.DisposeAsync();

    private async Task SendProgressRequestAsync()
    {
        try
        {
            await _call.WriteAsync(ProgressRequest, CancellationToken.None);
        }
        catch (Exception e) when (e is GrpcStatusException or ObjectDisposedException or OperationCanceledException)
        {
            EtcdLog.ProgressRequestFailed(_logger, Channel.Address, e.Message);
        }
    }

    /// <summary>Statuses after which the same watch can be re-opened; the others end it.</summary>
    private static bool IsBreak(GrpcStatusCode code) => code is not (
        GrpcStatusCode.InvalidArgument or GrpcStatusCode.PermissionDenied or GrpcStatusCode.Unauthenticated
        or GrpcStatusCode.FailedPrecondition or GrpcStatusCode.OutOfRange or GrpcStatusCode.Unimplemented
        or GrpcStatusCode.NotFound);
}
