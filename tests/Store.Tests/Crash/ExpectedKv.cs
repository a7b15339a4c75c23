namespace Cluster.Store.Tests.Crash;

/// <summary>
/// What an acknowledged put left at its key. <see cref="MaybeDeleted"/>: the worker sent a delete of it but died
/// before acknowledging, so the key may be gone or still hold exactly this.
/// </summary>
internal sealed record ExpectedKv(string Value, long ModRevision, long Lease, bool MaybeDeleted = false);
