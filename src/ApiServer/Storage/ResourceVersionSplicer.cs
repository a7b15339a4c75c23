using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Cluster.ApiServer.Storage;

/// <summary>
/// Produces the JSON of a stored object with its <c>metadata.resourceVersion</c> stamped in, without parsing the
/// object into nodes: it finds the top-level <c>metadata</c> object and inserts the field as its first member.
/// Stored bytes never carry a resourceVersion, so the result has exactly one.
/// </summary>
public static class ResourceVersionSplicer
{
    public static byte[] Stamp(ReadOnlySpan<byte> stored, long resourceVersion)
    {
        var buffer = new ArrayBufferWriter<byte>(stored.Length + 40);
        Stamp(stored, resourceVersion, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public static void Stamp(ReadOnlySpan<byte> stored, long resourceVersion, IBufferWriter<byte> output)
    {
        var at = MetadataObjectStart(stored);
        Span<byte> field = stackalloc byte[64];
        var n = 0;
        if (at < 0)
        {
            // No metadata object at all (never written by this server, but stay correct): add one after '{'.
            at = stored.IndexOf((byte)'{') + 1;
            n = Write(field, "\"metadata\":{\"resourceVersion\":\"", resourceVersion, stored[at..].TrimStart(" \r\n\t"u8)[0] == (byte)'}' ? "\"}" : "\"},");
        }
        else
        {
            var rest = stored[at..].TrimStart(" \r\n\t"u8);
            n = Write(field, "\"resourceVersion\":\"", resourceVersion, rest[0] == (byte)'}' ? "\"" : "\",");
        }
        output.Write(stored[..at]);
        output.Write(field[..n]);
        output.Write(stored[at..]);
    }

    private static int Write(Span<byte> into, string head, long rv, string tail)
    {
        var n = System.Text.Encoding.ASCII.GetBytes(head, into);
        rv.TryFormat(into[n..], out var digits, provider: CultureInfo.InvariantCulture);
        n += digits;
        n += System.Text.Encoding.ASCII.GetBytes(tail, into[n..]);
        return n;
    }

    /// <summary>The offset just after the '{' of the top-level "metadata" object, or -1.</summary>
    private static int MetadataObjectStart(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 512 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new InvalidDataException("a stored value is not a JSON object");
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject) return -1;
            var isMetadata = reader.ValueTextEquals("metadata"u8);
            reader.Read();
            if (isMetadata && reader.TokenType == JsonTokenType.StartObject) return (int)reader.TokenStartIndex + 1;
            reader.Skip();
        }
        return -1;
    }
}
