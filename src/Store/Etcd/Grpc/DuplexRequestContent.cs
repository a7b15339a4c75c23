using System.Net;

namespace Cluster.Store.Etcd.Grpc;

/// <summary>
/// A request body that stays open: HttpClient hands over the HTTP/2 request stream, the call writes messages to it
/// whenever it likes, and the body ends (END_STREAM) only when <see cref="Complete"/> is called.
/// </summary>
internal sealed class DuplexRequestContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DuplexRequestContent() => Headers.ContentType = GrpcChannel.ContentType;

    /// <summary>Completes with the request stream once HttpClient starts sending the body.</summary>
    public Task<Stream> RequestStream => _stream.Task;

    /// <summary>Ends the request body (a half-close). Safe to call more than once.</summary>
    public void Complete() => _completed.TrySetResult();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _stream.TrySetResult(stream);
        await _completed.Task.WaitAsync(cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        Complete();
        base.Dispose(disposing);
    }
}
