namespace Cluster.Store.Errors;

/// <summary>
/// The embedded engine found damaged data where it cannot be a torn write (a bad record with good records after
/// it, a missing snapshot, a gap in the log). Start-up stops rather than lose data silently.
/// </summary>
public sealed class StoreCorruptedException(string file, long offset, string detail)
    : StoreException($"{file} at offset {offset}: {detail}")
{
    public string File { get; } = file;
    public long Offset { get; } = offset;
}
