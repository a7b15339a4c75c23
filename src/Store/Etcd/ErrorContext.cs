namespace Cluster.Store.Etcd;

/// <summary>What a call was about, so that an etcd error can be turned into a precise <see cref="StoreException"/>.</summary>
/// <param name="LeaseId">The lease the call names (for <see cref="LeaseNotFoundException"/>).</param>
/// <param name="Revision">The revision the call asked for (for <see cref="FutureRevisionException"/>).</param>
/// <param name="RequestSize">The encoded request size (for <see cref="RequestTooLargeException"/>).</param>
internal readonly record struct ErrorContext(long LeaseId = 0, long Revision = 0, long RequestSize = 0);
