using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Text;

namespace Cluster.Kubelet.Server.Spdy;

/// <summary>
/// Decodes the header blocks of one SPDY connection's peer. They form a single zlib stream (preset SPDY dictionary,
/// one sync flush per frame) across all frames, so one decoder serves a connection, in frame order, from one task.
/// <para>
/// .NET's inflater takes no preset dictionary, but a dictionary is only the window's starting content: the decoder
/// feeds a raw inflater one stored deflate block holding the dictionary, then the peer's deflate data (its zlib
/// header and dictionary id checked and dropped), and discards the dictionary's bytes from the output.
/// </para>
/// </summary>
public sealed class SpdyHeaderDecoder : IAsyncDisposable
{
    private const int MaxPairs = 1024;
    private const int MaxLength = 64 * 1024;
    private readonly Pipe _input = new(new PipeOptions(pauseWriterThreshold: 0));
    private readonly DeflateStream _inflater;
    private bool _started;

    public SpdyHeaderDecoder()
    {
        _inflater = new DeflateStream(_input.Reader.AsStream(), CompressionMode.Decompress);
    }

    /// <summary>The name/value pairs of one frame's header block (names lower-case; a NUL-joined value kept as sent).</summary>
    public async ValueTask<IReadOnlyDictionary<string, string>> DecodeAsync(ReadOnlyMemory<byte> block, CancellationToken ct)
    {
        if (!_started)
        {
            block = await StartAsync(block, ct);
            _started = true;
        }
        await _input.Writer.WriteAsync(block, ct);

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        var pairs = await ReadLengthAsync(ct);
        if (pairs > MaxPairs) throw new InvalidDataException($"a SPDY header block of {pairs} pairs");
        for (var i = 0; i < pairs; i++)
        {
            var name = await ReadStringAsync(ct);
            var value = await ReadStringAsync(ct);
            headers[name.ToLowerInvariant()] = value;
        }
        return headers;
    }

    private async ValueTask<ReadOnlyMemory<byte>> StartAsync(ReadOnlyMemory<byte> block, CancellationToken ct)
    {
        if (block.Length < 6) throw new InvalidDataException("a SPDY header block without its zlib header");
        var header = block.Span;
        if ((header[0] & 0x0F) != 8 || ((header[0] << 8) | header[1]) % 31 != 0) throw new InvalidDataException("not a zlib stream");
        if ((header[1] & 0x20) == 0) throw new InvalidDataException("a SPDY header stream without the preset dictionary");
        var id = BinaryPrimitives.ReadUInt32BigEndian(header[2..6]);
        if (id != SpdyDictionary.Id) throw new InvalidDataException($"a SPDY header stream with dictionary id {id:x8}");

        await _input.Writer.WriteAsync(StoredBlock.Encode(SpdyDictionary.Bytes.Span), ct);
        var discard = new byte[SpdyDictionary.Bytes.Length];
        // The dictionary's block is complete by itself, so the inflater can hand it back before the peer's data arrives.
        await _inflater.ReadExactlyAsync(discard, ct);
        return block[6..];
    }

    private async ValueTask<int> ReadLengthAsync(CancellationToken ct)
    {
        var bytes = new byte[4];
        await _inflater.ReadExactlyAsync(bytes, ct);
        var length = BinaryPrimitives.ReadInt32BigEndian(bytes);
        return length is < 0 or > MaxLength ? throw new InvalidDataException($"a SPDY header length of {length}") : length;
    }

    private async ValueTask<string> ReadStringAsync(CancellationToken ct)
    {
        var bytes = new byte[await ReadLengthAsync(ct)];
        await _inflater.ReadExactlyAsync(bytes, ct);
        return Encoding.UTF8.GetString(bytes);
    }

    public async ValueTask DisposeAsync()
    {
        await _input.Writer.CompleteAsync();
        await _inflater.DisposeAsync();
    }
}
