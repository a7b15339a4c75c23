namespace Cluster.Store.Errors;

/// <summary>
/// The store could not serve the request: an I/O error or full disk (the write is not acknowledged and not
/// visible), a closed store, or no reachable etcd endpoint. The caller may retry later.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : StoreException(message, inner);
