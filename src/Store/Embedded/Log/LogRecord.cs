namespace Cluster.Store.Embedded.Log;

/// <summary>
/// One durable write: a log sequence number (every record takes the next one), the store revision it created
/// (0 if it changed no key), and its effects in order.
/// </summary>
internal sealed record LogRecord(long Lsn, long Revision, IReadOnlyList<LogItem> Items);
