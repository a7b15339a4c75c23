namespace Cluster.Kubelet.Logs;

/// <summary>One log entry as kubectl shows it: a whole line (partial parts joined) with the time of its first part.</summary>
public sealed record LogEntry(DateTimeOffset Time, string Timestamp, bool Stderr, byte[] Content);

/// <summary>Turns the bytes of a CRI-format log, fed in any chunks, into entries; malformed lines are skipped.</summary>
public sealed class LogAssembler
{
    private readonly List<byte> _pending = [];
    private readonly List<byte> _partial = [];
    private string? _partialTimestamp;
    private DateTimeOffset _partialTime;

    public IEnumerable<LogEntry> Feed(ReadOnlyMemory<byte> chunk)
    {
        var entries = new List<LogEntry>();
        while (!chunk.IsEmpty)
        {
            var newline = chunk.Span.IndexOf((byte)'\n');
            if (newline < 0)
            {
                _pending.AddRange(chunk.Span);
                break;
            }

            _pending.AddRange(chunk.Span[..newline]);
            chunk = chunk[(newline + 1)..];
            var line = _pending.ToArray();
            _pending.Clear();
            if (!CriLogLine.TryParse(line, out var parsed)) continue;
            if (parsed.Partial)
            {
                if (_partial.Count == 0) (_partialTimestamp, _partialTime) = (parsed.Timestamp, parsed.Time);
                _partial.AddRange(parsed.Content.Span);
                continue;
            }

            var joined = _partial.Count > 0;
            entries.Add(new LogEntry(joined ? _partialTime : parsed.Time, joined ? _partialTimestamp! : parsed.Timestamp, parsed.Stderr,
                [.. _partial, .. parsed.Content.Span, (byte)'\n']));
            _partial.Clear();
        }

        return entries;
    }
}
