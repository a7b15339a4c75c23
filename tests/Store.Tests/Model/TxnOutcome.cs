using System.Collections.Immutable;

namespace Cluster.Store.Tests.Model;

/// <summary>
/// What the model says a txn (or revoke) does at a given revision: its result, and if it changed anything, the
/// state after it and the events it produced (in operation order).
/// </summary>
internal sealed record TxnOutcome(TxnResult Result, ImmutableSortedDictionary<string, KeyValue>? NewState, IReadOnlyList<WatchEvent> Events)
{
    public bool Changed => NewState is not null;
}
