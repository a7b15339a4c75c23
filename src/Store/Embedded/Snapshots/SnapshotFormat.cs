namespace Cluster.Store.Embedded.Snapshots;

/// <summary>
/// Payload kinds of a snapshot file, a sequence of <see cref="Log.Frame"/>s:
/// a header (format, sequence number, revision, compacted revision, leases); base frames holding, in key order,
/// each key's newest version below the compacted revision if it is live; event frames holding every change from
/// the compacted revision on, in revision order; and an end frame with the counts. A file without its end frame
/// is incomplete and never renamed into place.
/// </summary>
internal static class SnapshotFormat
{
    public const byte Header = 0x20;
    public const byte Base = 0x21;
    public const byte Events = 0x22;
    public const byte End = 0x23;
    public const int Version = 1;
    public const string Extension = ".snap";

    /// <summary>Event flags.</summary>
    public const byte Tombstone = 1, PrevIsLatest = 2, PrevFollows = 4;

    /// <summary>Frames are cut once their payload passes this size.</summary>
    public const int FrameTarget = 1024 * 1024;

    public static string FileName(long lsn) => $"{lsn:x16}{Extension}";
}
