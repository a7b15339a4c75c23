using Microsoft.Extensions.Logging;

namespace Cluster.Kubelet.Server.Spdy;

/// <summary>
/// The server side of one SPDY/3.1 connection over a byte transport: streams are opened by the peer (SYN_STREAM,
/// answered by SYN_REPLY) and handed to <c>accepted</c>, which must not block (it starts its own work); DATA,
/// RST_STREAM and FIN reach the streams; PINGs are echoed; SETTINGS, WINDOW_UPDATE and HEADERS are ignored (the Go
/// peers kubectl uses do not enforce flow control). <see cref="RunAsync"/> reads until the transport ends; frames are
/// written one at a time under <c>_send</c>.
/// </summary>
public sealed partial class SpdyConnection(Stream transport, Func<SpdyStream, Task> accepted, ILogger logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _send = new(1, 1); // guards writes to the transport and the header encoder
    private readonly SpdyHeaderEncoder _encoder = new();
    private readonly SpdyHeaderDecoder _decoder = new();
    private readonly Dictionary<uint, SpdyStream> _streams = []; // touched only by the read loop
    private readonly List<Task> _handlers = [];

    public async Task RunAsync(CancellationToken ct)
    {
        Exception? end = null;
        try
        {
            while (await SpdyFrame.ReadAsync(transport, ct) is { } frame)
            {
                if (!frame.IsControl)
                {
                    await OnDataAsync(frame);
                    continue;
                }
                switch (frame.Type)
                {
                    case SpdyFrameType.SynStream:
                        await OnSynStreamAsync(frame, ct);
                        break;
                    case SpdyFrameType.RstStream:
                        if (_streams.Remove(frame.StreamId, out var reset)) reset.Received(new IOException($"SPDY stream {frame.StreamId} was reset by the peer"));
                        break;
                    case SpdyFrameType.Ping:
                        await SendAsync(SpdyFrame.Ping(frame.FirstWord), ct);
                        break;
                    case SpdyFrameType.GoAway:
                        LogGoAway(logger, frame.FirstWord);
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Net.WebSockets.WebSocketException or OperationCanceledException)
        {
            end = e;
            LogEnded(logger, e.Message);
        }
        finally
        {
            foreach (var stream in _streams.Values) stream.Received(new IOException("the SPDY connection ended", end));
            _streams.Clear();
        }
        await Task.WhenAll(_handlers);
    }

    private async Task OnSynStreamAsync(SpdyFrame frame, CancellationToken ct)
    {
        var headers = await _decoder.DecodeAsync(frame.SynStreamHeaderBlock, ct);
        var id = frame.StreamId;
        if (id == 0 || _streams.ContainsKey(id))
        {
            await SendAsync(SpdyFrame.RstStream(id, 1), ct); // PROTOCOL_ERROR
            return;
        }
        var stream = new SpdyStream(this, id, headers);
        await SendReplyAsync(id, ct);
        if (frame.Fin) stream.Received(null);
        else _streams[id] = stream;
        _handlers.Add(accepted(stream));
        _handlers.RemoveAll(t => t.IsCompleted);
    }

    private async Task OnDataAsync(SpdyFrame frame)
    {
        if (!_streams.TryGetValue(frame.StreamId, out var stream)) return; // a stream already reset or finished
        if (!frame.Payload.IsEmpty) await stream.ReceiveAsync(frame.Payload);
        if (frame.Fin)
        {
            stream.Received(null);
            _streams.Remove(frame.StreamId);
        }
    }

    private async Task SendReplyAsync(uint id, CancellationToken ct)
    {
        await _send.WaitAsync(ct);
        try
        {
            var frame = SpdyFrame.SynReply(id, 0, _encoder.Encode([]));
            await transport.WriteAsync(frame, ct);
            await transport.FlushAsync(ct);
        }
        finally
        {
            _send.Release();
        }
    }

    internal async Task SendAsync(byte[] frame, CancellationToken ct)
    {
        await _send.WaitAsync(ct);
        try
        {
            await transport.WriteAsync(frame, ct);
            await transport.FlushAsync(ct);
        }
        finally
        {
            _send.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _decoder.DisposeAsync();
        _send.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "SPDY peer sent GOAWAY (last stream {LastStream})")]
    private static partial void LogGoAway(ILogger logger, uint lastStream);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SPDY connection ended: {Reason}")]
    private static partial void LogEnded(ILogger logger, string reason);
}
