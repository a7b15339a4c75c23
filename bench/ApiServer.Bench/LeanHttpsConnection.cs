using System.Buffers.Text;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Cluster.ApiServer.Bench;

/// <summary>
/// One keep-alive HTTP/1.1 connection over TLS that sends requests and reads whole responses, and nothing more:
/// the load generator's client. It costs a fraction of HttpClient's CPU per request, so on a shared machine the
/// server, not the generator, is what gets measured (wrk's role, kept in-process so one run measures everything).
/// </summary>
internal sealed class LeanHttpsConnection : IAsyncDisposable
{
    private readonly SslStream _tls;
    private readonly string _preamble; // Host and Authorization header lines
    private byte[] _request = new byte[4096];
    private byte[] _buffer = new byte[64 * 1024];
    private int _start, _end; // unread response bytes: _buffer[_start.._end]
    private byte[] _body = new byte[16 * 1024];

    private LeanHttpsConnection(SslStream tls, string preamble)
    {
        _tls = tls;
        _preamble = preamble;
    }

    public static async Task<LeanHttpsConnection> OpenAsync(Uri server, string caPath, string token)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new DnsEndPoint(server.Host, server.Port));
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        using var ca = X509CertificateLoader.LoadCertificateFromFile(caPath);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = server.Host,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { ca },
                RevocationMode = X509RevocationMode.NoCheck,
            },
        });
        return new LeanHttpsConnection(tls, $"Host: {server.Authority}\r\nAuthorization: Bearer {token}\r\n");
    }

    /// <summary>Sends one request and reads its response; the body is valid until the next call.</summary>
    public async Task<(int Status, ReadOnlyMemory<byte> Body)> SendAsync(string method, string path, ReadOnlyMemory<byte> body = default, string contentType = "application/json")
    {
        var head = body.IsEmpty
            ? $"{method} {path} HTTP/1.1\r\n{_preamble}\r\n"
            : $"{method} {path} HTTP/1.1\r\n{_preamble}Content-Type: {contentType}\r\nContent-Length: {body.Length}\r\n\r\n";
        var length = Encoding.ASCII.GetByteCount(head) + body.Length;
        if (_request.Length < length) _request = new byte[length * 2];
        var written = Encoding.ASCII.GetBytes(head, _request);
        body.Span.CopyTo(_request.AsSpan(written));
        await _tls.WriteAsync(_request.AsMemory(0, length));
        return await ReadResponseAsync();
    }

    /// <summary>
    /// Sends a GET for a streamed (chunked) response such as a watch and hands each complete line of its body, with
    /// the time its bytes arrived, to <paramref name="onLine"/> until the stream ends or <paramref name="ct"/> fires.
    /// </summary>
    public async Task StreamLinesAsync(string path, Action<ReadOnlySpan<byte>, long> onLine, Action? onHeaders, CancellationToken ct)
    {
        var head = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\n{_preamble}\r\n");
        await _tls.WriteAsync(head, ct);
        var (status, chunked, contentLength) = await ReadHeadAsync();
        if (status != 200 || !chunked || contentLength is not null) throw new InvalidDataException($"watch: {status}");
        onHeaders?.Invoke();
        using var registration = ct.Register(() => _tls.Dispose());
        var line = new byte[64 * 1024];
        var lineLength = 0;
        try
        {
            while (true)
            {
                int sizeEnd;
                while ((sizeEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0) await FillAsync();
                if (!Utf8Parser.TryParse(_buffer.AsSpan(_start, sizeEnd), out int size, out _, 'x')) throw new InvalidDataException("bad chunk size");
                _start += sizeEnd + 2;
                if (size == 0) return;
                while (size > 0)
                {
                    if (_end == _start) await FillAsync();
                    var at = System.Diagnostics.Stopwatch.GetTimestamp();
                    var piece = _buffer.AsSpan(_start, Math.Min(size, _end - _start));
                    _start += piece.Length;
                    size -= piece.Length;
                    int newline;
                    while ((newline = piece.IndexOf((byte)'\n')) >= 0)
                    {
                        if (lineLength == 0)
                        {
                            onLine(piece[..newline], at);
                        }
                        else
                        {
                            if (line.Length < lineLength + newline) Array.Resize(ref line, (lineLength + newline) * 2);
                            piece[..newline].CopyTo(line.AsSpan(lineLength));
                            onLine(line.AsSpan(0, lineLength + newline), at);
                            lineLength = 0;
                        }
                        piece = piece[(newline + 1)..];
                    }
                    if (line.Length < lineLength + piece.Length) Array.Resize(ref line, (lineLength + piece.Length) * 2);
                    piece.CopyTo(line.AsSpan(lineLength));
                    lineLength += piece.Length;
                }
                while (_end - _start < 2) await FillAsync();
                _start += 2; // the chunk's CRLF
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // stopped by the caller
        }
    }

    private async Task<(int Status, bool Chunked, int? ContentLength)> ReadHeadAsync()
    {
        int headerEnd;
        while ((headerEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0) await FillAsync();
        var head = _buffer.AsSpan(_start, headerEnd);
        if (!Utf8Parser.TryParse(head[9..12], out int status, out _)) throw new InvalidDataException("bad status line");
        int? contentLength = null;
        if (HeaderValue(head, "\r\ncontent-length:"u8) is { } cl)
            contentLength = Utf8Parser.TryParse(cl.AsSpan().Trim((byte)' '), out int n, out _) ? n : throw new InvalidDataException("bad Content-Length");
        var chunked = HeaderValue(head, "\r\ntransfer-encoding:"u8) is { } te && Encoding.ASCII.GetString(te).Trim() == "chunked";
        _start += headerEnd + 4;
        return (status, chunked, contentLength);
    }

    private async Task<(int Status, ReadOnlyMemory<byte> Body)> ReadResponseAsync()
    {
        var (status, chunked, contentLength) = await ReadHeadAsync();

        var bodyLength = 0;
        if (contentLength is { } n)
        {
            await CopyBodyAsync(n, 0);
            bodyLength = n;
        }
        else if (chunked)
        {
            while (true)
            {
                int lineEnd;
                while ((lineEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0) await FillAsync();
                if (!Utf8Parser.TryParse(_buffer.AsSpan(_start, lineEnd), out int size, out _, 'x')) throw new InvalidDataException("bad chunk size");
                _start += lineEnd + 2;
                await CopyBodyAsync(size, bodyLength);
                bodyLength += size;
                while (_end - _start < 2) await FillAsync();
                _start += 2; // the chunk's CRLF
                if (size == 0) break;
            }
        }
        return (status, _body.AsMemory(0, bodyLength));
    }

    private static byte[]? HeaderValue(ReadOnlySpan<byte> head, ReadOnlySpan<byte> name)
    {
        Span<byte> lower = head.Length <= 4096 ? stackalloc byte[head.Length] : new byte[head.Length];
        for (var i = 0; i < head.Length; i++) lower[i] = head[i] is >= (byte)'A' and <= (byte)'Z' ? (byte)(head[i] + 32) : head[i];
        var at = lower.IndexOf(name);
        if (at < 0) return null;
        var rest = head[(at + name.Length)..];
        var end = rest.IndexOf("\r\n"u8);
        return (end < 0 ? rest : rest[..end]).ToArray();
    }

    private async Task CopyBodyAsync(int count, int offset)
    {
        if (_body.Length < offset + count) Array.Resize(ref _body, (offset + count) * 2);
        while (count > 0)
        {
            if (_end == _start) await FillAsync();
            var n = Math.Min(count, _end - _start);
            _buffer.AsSpan(_start, n).CopyTo(_body.AsSpan(offset));
            _start += n;
            offset += n;
            count -= n;
        }
    }

    private async Task FillAsync()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        var n = await _tls.ReadAsync(_buffer.AsMemory(_end));
        if (n == 0) throw new IOException("the server closed the connection");
        _end += n;
    }

    public ValueTask DisposeAsync() => _tls.DisposeAsync();
}
