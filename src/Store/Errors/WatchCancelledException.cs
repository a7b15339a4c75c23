namespace Cluster.Store.Errors;

/// <summary>The store ended a watch for a reason other than compaction; resume from <see cref="ResumeRevision"/>.</summary>
public sealed class WatchCancelledException(string reason, long resumeRevision)
    : StoreException($"watch cancelled: {reason} (resume from revision {resumeRevision})")
{
    public string Reason { get; } = reason;

    /// <summary>The first revision not yet delivered.</summary>
    public long ResumeRevision { get; } = resumeRevision;
}
