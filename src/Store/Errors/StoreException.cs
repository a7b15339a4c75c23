namespace Cluster.Store.Errors;

/// <summary>Base of every error a store engine raises on purpose. Anything else is a bug.</summary>
public abstract class StoreException(string message, Exception? inner = null) : Exception(message, inner);
