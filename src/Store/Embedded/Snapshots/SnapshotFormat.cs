namespace Cluster.Store.Embedded.Snapshots;

/// <summary>
/// Payload kinds of a snapshot file, a sequence of <see cref="Log.Frame"/>s:
/// <list type="number">
/// <item>a header: format, sequence number, revision, compacted revision, leases;</item>
/// <item>key frames: every key in byte order with its retained versions, oldest first (what
/// <see cref="Mvcc.KeyHistory.Compact"/> keeps: every version from the compacted revision on, and the newest
/// live one before it);</item>
/// <item>order frames: the changes from the compacted revision on, in revision order (and txn order within a
/// revision), each given as the ordinal of its key in the key frames: it is that key's next version from the
/// compacted revision on. This rebuilds the watch history without storing any value twice;</item>
/// <item>an end frame with the counts.</item>
/// </list>
/// A file without its end frame is incomplete and never renamed into place.
/// </summary>
internal static class SnapshotFormat
{
    public const byte Header = 0x20;
    public const byte Keys = 0x24;
    public const byte Order = 0x25;
    public const byte End = 0x23;
    public const int Version = 2;
    public const string Extension = ".snap";

    /// <summary>Version flags.</summary>
    public const byte Tombstone = 1;

    /// <summary>Frames are cut once their payload passes this size.</summary>
    public const int FrameTarget = 1024 * 1024;

    public static string FileName(long lsn) => $"{lsn:x16}{Extension}";
}
