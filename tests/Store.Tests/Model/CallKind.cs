namespace Cluster.Store.Tests.Model;

/// <summary>Which store method a <see cref="Call"/> used.</summary>
internal enum CallKind { Put, Delete, Txn, Range }
