using System.Globalization;
using System.Text;

namespace Cluster.Kubelet.Logs;

/// <summary>
/// One line of a container log in the CRI format the runtime writes: <c>2026-11-23T05:00:00.123456789Z stdout F text</c>
/// (F a full line, P a part of a longer one that the next lines continue).
/// </summary>
public readonly record struct CriLogLine(DateTimeOffset Time, string Timestamp, bool Stderr, bool Partial, ReadOnlyMemory<byte> Content)
{
    /// <summary>Parses one line (without its newline); false for anything not in the format.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> line, out CriLogLine parsed)
    {
        parsed = default;
        var span = line.Span;
        var first = span.IndexOf((byte)' ');
        if (first <= 0) return false;
        var timestamp = Encoding.ASCII.GetString(span[..first]);
        if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)) return false;
        var rest = span[(first + 1)..];
        var second = rest.IndexOf((byte)' ');
        if (second <= 0) return false;
        var stream = rest[..second];
        bool stderr;
        if (stream.SequenceEqual("stdout"u8)) stderr = false;
        else if (stream.SequenceEqual("stderr"u8)) stderr = true;
        else return false;
        rest = rest[(second + 1)..];
        var partial = false;
        var contentStart = first + 1 + second + 1;
        // The tag: F or P (a tag may carry more, colon-separated); old writers omitted it.
        var third = rest.IndexOf((byte)' ');
        var tag = third < 0 ? rest : rest[..third];
        if (tag.Length > 0 && (tag[0] == (byte)'F' || tag[0] == (byte)'P') && (tag.Length == 1 || tag[1] == (byte)':'))
        {
            partial = tag[0] == (byte)'P';
            contentStart += third < 0 ? rest.Length : third + 1;
        }

        parsed = new CriLogLine(time, timestamp, stderr, partial, line[contentStart..]);
        return true;
    }

    /// <summary>Formats a line as the runtime writes it (the shim's side; tests use it too).</summary>
    public static byte[] Format(DateTimeOffset time, bool stderr, bool partial, ReadOnlySpan<byte> content)
    {
        var head = Encoding.ASCII.GetBytes($"{time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'} {(stderr ? "stderr" : "stdout")} {(partial ? 'P' : 'F')} ");
        var line = new byte[head.Length + content.Length + 1];
        head.CopyTo(line, 0);
        content.CopyTo(line.AsSpan(head.Length));
        line[^1] = (byte)'\n';
        return line;
    }
}
