using System.Buffers.Binary;

namespace Cluster.Kubelet.Server.Spdy;

/// <summary>Uncompressed ("stored") deflate blocks, never final: any inflater reads them, and they end byte-aligned.</summary>
public static class StoredBlock
{
    public static byte[] Encode(ReadOnlySpan<byte> data)
    {
        var blocks = Math.Max(1, (data.Length + ushort.MaxValue - 1) / ushort.MaxValue);
        var output = new byte[data.Length + (5 * blocks)];
        var at = 0;
        do
        {
            var length = Math.Min(data.Length, ushort.MaxValue);
            output[at] = 0; // BFINAL 0, BTYPE 00
            BinaryPrimitives.WriteUInt16LittleEndian(output.AsSpan(at + 1), (ushort)length);
            BinaryPrimitives.WriteUInt16LittleEndian(output.AsSpan(at + 3), (ushort)~length);
            data[..length].CopyTo(output.AsSpan(at + 5));
            at += 5 + length;
            data = data[length..];
        }
        while (!data.IsEmpty);
        return output;
    }
}
