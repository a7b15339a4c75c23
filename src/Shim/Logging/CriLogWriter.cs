using System.Globalization;

namespace Cluster.Shim.Logging;

/// <summary>
/// Turns a container's stdout and stderr bytes into CRI log lines:
/// <c>&lt;RFC3339Nano UTC&gt; &lt;stdout|stderr&gt; &lt;F|P&gt; &lt;content&gt;\n</c>. A line longer than
/// <see cref="MaxLineContent"/> is split into P (partial) records ending with an F; an unterminated line waits for its
/// newline (or that size, or <see cref="Flush"/> at end of file, which writes it as F). Thread-safe: one lock
/// serialises both streams, so records are never interleaved within the file.
/// </summary>
internal sealed class CriLogWriter(RotatingLogFile file, TimeProvider time)
{
    public const int MaxLineContent = 16 * 1024;

    private readonly Lock gate = new(); // guards pending, record and file
    private readonly byte[][] pending = [new byte[MaxLineContent], new byte[MaxLineContent]];
    private readonly int[] pendingLength = new int[2];
    private readonly byte[] record = new byte[MaxLineContent + 64];

    public void Write(bool stderr, ReadOnlySpan<byte> data)
    {
        var stream = stderr ? 1 : 0;
        lock (gate)
        {
            while (data.Length > 0)
            {
                var newline = data.IndexOf((byte)'\n');
                var take = newline < 0 ? data.Length : newline;
                var room = MaxLineContent - pendingLength[stream];
                if (take > room || (take == room && newline < 0))
                {
                    // The line fills a record before its end: write what fits as a partial record.
                    Append(stream, data[..room]);
                    WritePending(stream, partial: true);
                    data = data[room..];
                    continue;
                }
                Append(stream, data[..take]);
                if (newline < 0) break;
                WritePending(stream, partial: false);
                data = data[(newline + 1)..];
            }
        }
    }

    /// <summary>Writes an unterminated last line of either stream as a full (F) record.</summary>
    public void Flush()
    {
        lock (gate)
        {
            for (var stream = 0; stream < 2; stream++)
                if (pendingLength[stream] > 0) WritePending(stream, partial: false);
        }
    }

    private void Append(int stream, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(pending[stream].AsSpan(pendingLength[stream]));
        pendingLength[stream] += bytes.Length;
    }

    private void WritePending(int stream, bool partial)
    {
        var span = record.AsSpan();
        var now = time.GetUtcNow().UtcDateTime;
        now.TryFormat(span, out var n, "yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture);
        var head = stream == 1 ? "00Z stderr "u8 : "00Z stdout "u8;
        head.CopyTo(span[n..]);
        n += head.Length;
        span[n++] = partial ? (byte)'P' : (byte)'F';
        span[n++] = (byte)' ';
        pending[stream].AsSpan(0, pendingLength[stream]).CopyTo(span[n..]);
        n += pendingLength[stream];
        span[n++] = (byte)'\n';
        pendingLength[stream] = 0;
        file.Write(span[..n]);
    }
}
