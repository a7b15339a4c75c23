namespace Cluster.Runtime.Client;

/// <summary>The kinds of watch events; ERROR events are thrown as exceptions instead.</summary>
public enum WatchEventType
{
    Added,
    Modified,
    Deleted,

    /// <summary>No change: the object carries only the newest resourceVersion (and annotations for watch-list).</summary>
    Bookmark,
}
