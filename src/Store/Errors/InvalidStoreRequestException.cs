namespace Cluster.Store.Errors;

/// <summary>The request is malformed: an empty key, a key written twice in one txn, a bad TTL.</summary>
public sealed class InvalidStoreRequestException(string message) : StoreException(message);
