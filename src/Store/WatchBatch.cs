namespace Cluster.Store;

/// <summary>
/// Events delivered together, in revision order. Every event of one revision is in the same batch.
/// </summary>
/// <param name="Revision">
/// The store revision when the batch was sent (at least the revision of its last event). For a progress
/// notification it is the only content, and a promise: every matching event up to it has been delivered.
/// </param>
public sealed record WatchBatch(long Revision, IReadOnlyList<WatchEvent> Events, bool IsProgressNotify = false);
