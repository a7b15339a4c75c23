using System.IO.Pipelines;

namespace Cluster.Kubelet.Server.Spdy;

/// <summary>
/// One stream the peer opened: its headers, what the peer sends (<see cref="Input"/>, ending at the peer's FIN, failing
/// at its RST_STREAM or the connection's end) and this side's writes (each a DATA frame; <see cref="CloseAsync"/> sends
/// FIN). Input is read by one task; writes may come from several (the connection serialises frames).
/// </summary>
public sealed class SpdyStream
{
    private const int MaxDataFrame = 32 * 1024;
    private readonly SpdyConnection _connection;
    private readonly Pipe _input = new(new PipeOptions(pauseWriterThreshold: 0));
    private int _closed; // 1 once FIN was sent

    internal SpdyStream(SpdyConnection connection, uint id, IReadOnlyDictionary<string, string> headers)
    {
        _connection = connection;
        Id = id;
        Headers = headers;
        Input = _input.Reader.AsStream();
    }

    public uint Id { get; }
    public IReadOnlyDictionary<string, string> Headers { get; }
    public Stream Input { get; }

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        while (!data.IsEmpty)
        {
            var chunk = data[..Math.Min(data.Length, MaxDataFrame)];
            await _connection.SendAsync(SpdyFrame.Data(Id, chunk.Span, fin: false), ct);
            data = data[chunk.Length..];
        }
    }

    /// <summary>Half-closes this side (an empty DATA frame with FIN); later calls do nothing.</summary>
    public async Task CloseAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0) await _connection.SendAsync(SpdyFrame.Data(Id, [], fin: true), ct);
    }

    /// <summary>Aborts the stream for both sides (RST_STREAM CANCEL).</summary>
    public async Task ResetAsync(CancellationToken ct)
    {
        Interlocked.Exchange(ref _closed, 1);
        await _connection.SendAsync(SpdyFrame.RstStream(Id, 5), ct);
        Received(IOExceptionFor("reset"));
    }

    internal ValueTask<FlushResult> ReceiveAsync(ReadOnlyMemory<byte> data) => _input.Writer.WriteAsync(data);

    /// <summary>The peer finished sending (null) or the stream failed (its reason).</summary>
    internal void Received(Exception? end) => _input.Writer.Complete(end);

    private IOException IOExceptionFor(string what) => new($"SPDY stream {Id} was {what}");
}
