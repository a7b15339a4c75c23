using System.Buffers.Binary;
using System.Text;

namespace Cluster.Kubelet.Server.Spdy;

/// <summary>
/// Encodes this side's header blocks: one zlib stream per connection that declares the SPDY dictionary (as the protocol
/// requires) and carries each block as stored deflate blocks, which reference nothing and so need no compressor. The
/// first block carries the zlib header. Each block ends with an empty stored block, as zlib's sync flush does: Go's
/// inflater hands out what it decoded only at such a marker (or a full window), so without it kubectl would read past
/// the frame. Used in frame order, under the connection's send lock.
/// </summary>
public sealed class SpdyHeaderEncoder
{
    private bool _started;

    public byte[] Encode(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var plain = new List<byte>();
        var list = headers.ToList();
        Append(list.Count);
        foreach (var (name, value) in list)
        {
            var n = Encoding.UTF8.GetBytes(name.ToLowerInvariant());
            var v = Encoding.UTF8.GetBytes(value);
            Append(n.Length);
            plain.AddRange(n);
            Append(v.Length);
            plain.AddRange(v);
        }
        byte[] blocks = [.. StoredBlock.Encode([.. plain]), .. StoredBlock.Encode([])];
        if (_started) return blocks;
        _started = true;
        var output = new byte[6 + blocks.Length];
        output[0] = 0x78; // deflate, 32 KiB window
        output[1] = 0x20; // FDICT; with FLEVEL 0 the check bits are 0 ((0x78 << 8 | 0x20) % 31 == 0)
        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(2), SpdyDictionary.Id);
        blocks.CopyTo(output, 6);
        return output;

        void Append(int value)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(bytes, value);
            plain.AddRange(bytes);
        }
    }
}
