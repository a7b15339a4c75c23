namespace Cluster.Store.Etcd.Watching;

/// <summary>What the next message of a watch stream meant.</summary>
internal enum WatchStepKind
{
    /// <summary>Events, or a progress notification.</summary>
    Batch,

    /// <summary>etcd cancelled the watch because its start revision is compacted.</summary>
    Compacted,

    /// <summary>etcd cancelled the watch for another reason.</summary>
    Cancelled,

    /// <summary>The stream broke (transport failure, server shutdown): re-open it elsewhere.</summary>
    Broken,
}
