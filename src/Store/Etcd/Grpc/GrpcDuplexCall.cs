using Google.Protobuf;

namespace Cluster.Store.Etcd.Grpc;

/// <summary>
/// A live bidirectional gRPC stream. Writes may come from any thread (they are serialized); reads must come from
/// one reader at a time. Disposing cancels the stream (RST_STREAM) if it has not ended.
/// </summary>
internal sealed class GrpcDuplexCall<TRequest, TResponse> : IAsyncDisposable
    where TRequest : IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly GrpcMethod<TRequest, TResponse> _method;
    private readonly DuplexRequestContent _content;
    private readonly Stream _requestStream;
    private readonly HttpResponseMessage _response;
    private readonly Stream _responseStream;
    private readonly CancellationTokenSource _callCts;
    private readonly SemaphoreSlim _writeLock = new(1, 1); // guards _requestStream: one frame at a time
    private int _disposed;

    internal GrpcDuplexCall(
        GrpcMethod<TRequest, TResponse> method, DuplexRequestContent content, Stream requestStream,
        HttpResponseMessage response, Stream responseStream, CancellationTokenSource callCts)
    {
        _method = method;
        _content = content;
        _requestStream = requestStream;
        _response = response;
        _responseStream = responseStream;
        _callCts = callCts;
    }

    /// <summary>Sends one message.</summary>
    /// <exception cref="GrpcStatusException">The stream is broken (<see cref="GrpcStatusCode.Unavailable"/>).</exception>
    public async Task WriteAsync(TRequest message, CancellationToken ct)
    {
        var frame = GrpcFraming.Encode(message);
        await _writeLock.WaitAsync(ct);
        try
        {
            await _requestStream.WriteAsync(frame, ct);
            await _requestStream.FlushAsync(ct);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or ObjectDisposedException
                                      || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new GrpcStatusException(GrpcStatusCode.Unavailable, $"{_method.Path}: cannot send: {e.Message}", e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Reads the next message; returns null when the server ended the stream with status OK.
    /// </summary>
    /// <exception cref="GrpcStatusException">The server ended the stream with an error, or the transport broke.</exception>
    public async Task<TResponse?> ReadAsync(CancellationToken ct)
    {
        try
        {
            var message = await GrpcFraming.ReadAsync(_responseStream, _method.ResponseParser, ct);
            if (message is not null) return message;
            GrpcChannel.ThrowIfFailed(GrpcStatus.From(_response), _method.Path);
            return null;
        }
        catch (Exception e) when (e is IOException or HttpRequestException or ObjectDisposedException
                                      || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new GrpcStatusException(GrpcStatusCode.Unavailable, $"{_method.Path}: stream broke: {e.Message}", e);
        }
    }

    /// <summary>Half-closes: tells the server no more requests will come.</summary>
    public void CompleteRequests() => _content.Complete();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _callCts.CancelAsync();
        _content.Complete();
        _response.Dispose();
        _callCts.Dispose();
        // _writeLock is not disposed: a concurrent writer may still release it, and it holds no wait handle.
    }
}
