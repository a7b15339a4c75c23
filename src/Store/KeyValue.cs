namespace Cluster.Store;

/// <summary>
/// One version of a key. Immutable, and shared: engines hand out the same instance to every reader.
/// A deletion appears (in watch events only) as a key-value with <see cref="Version"/> 0 and the deleting revision.
/// </summary>
public sealed record KeyValue(
    ReadOnlyMemory<byte> Key,
    ReadOnlyMemory<byte> Value,
    long CreateRevision,
    long ModRevision,
    long Version,
    long Lease)
{
    /// <summary>True for the marker of a deletion.</summary>
    public bool IsTombstone => Version == 0;

    /// <summary>Compares contents, not buffer identity.</summary>
    public bool Equals(KeyValue? other) =>
        other is not null
        && CreateRevision == other.CreateRevision && ModRevision == other.ModRevision
        && Version == other.Version && Lease == other.Lease
        && Key.Span.SequenceEqual(other.Key.Span) && Value.Span.SequenceEqual(other.Value.Span);

    public override int GetHashCode() => HashCode.Combine(ModRevision, Key.Length, Version);

    /// <summary>A deletion marker for <paramref name="key"/> at <paramref name="revision"/>.</summary>
    public static KeyValue Tombstone(ReadOnlyMemory<byte> key, long revision) =>
        new(key, ReadOnlyMemory<byte>.Empty, 0, revision, 0, 0);
}
