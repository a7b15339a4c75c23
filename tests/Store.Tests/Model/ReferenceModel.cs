using System.Collections.Immutable;
using Cluster.TestKit;

namespace Cluster.Store.Tests.Model;

/// <summary>
/// The reference the store is held to: a sorted map key -> key-value, kept for every revision since the test
/// began, plus the events of each revision. It runs txns exactly as the <see cref="IKeyValueStore"/> contract
/// describes, but one at a time, in the revision order the store chose.
/// </summary>
internal sealed class ReferenceModel(long baseRevision)
{
    private static readonly ImmutableSortedDictionary<string, KeyValue> Empty = ImmutableSortedDictionary.Create<string, KeyValue>(StringComparer.Ordinal);
    private readonly List<ImmutableSortedDictionary<string, KeyValue>> _states = [Empty];
    private readonly List<IReadOnlyList<WatchEvent>> _events = [[]];

    /// <summary>The revision before the test's first write: the test's keys did not exist then.</summary>
    public long Base { get; } = baseRevision;

    /// <summary>The newest revision the model has.</summary>
    public long Revision => Base + _states.Count - 1;

    public ImmutableSortedDictionary<string, KeyValue> At(long revision)
    {
        if (revision > Revision) throw new InvalidOperationException($"the model has no revision {revision} yet (at {Revision})");
        return revision <= Base ? Empty : _states[(int)(revision - Base)];
    }

    /// <summary>Every event after <see cref="Base"/>, in revision order.</summary>
    public IEnumerable<WatchEvent> Events => _events.SelectMany(e => e);

    /// <summary>Makes <paramref name="outcome"/>'s state the next revision.</summary>
    public void Commit(TxnOutcome outcome)
    {
        _states.Add(outcome.NewState ?? throw new InvalidOperationException("nothing to commit"));
        _events.Add(outcome.Events);
    }

    /// <summary>Runs a txn against the state at <paramref name="at"/>; if it changes anything, it does so at <c>at + 1</c>.</summary>
    public TxnOutcome Execute(TxnRequest txn, long at)
    {
        var before = At(at);
        var state = before.ToBuilder();
        var revision = at + 1;
        var events = new List<WatchEvent>();
        var succeeded = txn.Compares.All(c => Holds(c, before));
        var results = new List<OpResult>();
        foreach (var op in succeeded ? txn.Success : txn.Failure)
        {
            switch (op)
            {
                case RangeRequest r:
                    results.Add(Read(r.Revision > 0 ? At(r.Revision) : state, r));
                    break;
                case PutRequest p:
                    var key = p.Key.S();
                    var prev = state.GetValueOrDefault(key);
                    var kv = new KeyValue(p.Key.ToArray(), p.Value.ToArray(), prev?.CreateRevision ?? revision, revision, (prev?.Version ?? 0) + 1, p.Lease);
                    state[key] = kv;
                    events.Add(new WatchEvent(WatchEventType.Put, kv, prev));
                    results.Add(new PutResult(revision, p.PrevKv ? prev : null));
                    break;
                case DeleteRangeRequest d:
                    var deleted = Matching(state, d.Key, d.RangeEnd).ToList();
                    foreach (var old in deleted) Delete(state, old, revision, events);
                    results.Add(new DeleteRangeResult(revision, deleted.Count, d.PrevKv ? deleted : []));
                    break;
            }
        }
        return Finish(at, succeeded, results, events.Count > 0 ? state.ToImmutable() : null, events);
    }

    /// <summary>Revokes a lease at <paramref name="at"/>: deletes, in key order, every key attached to it.</summary>
    public TxnOutcome Revoke(long lease, long at)
    {
        var state = At(at).ToBuilder();
        var events = new List<WatchEvent>();
        foreach (var kv in state.Values.Where(kv => kv.Lease == lease).ToList()) Delete(state, kv, at + 1, events);
        return Finish(at, true, [], events.Count > 0 ? state.ToImmutable() : null, events);
    }

    /// <summary>What a range returns when served from <paramref name="state"/>.</summary>
    public static RangeResult Read(IReadOnlyDictionary<string, KeyValue> state, RangeRequest r)
    {
        var matches = Matching(state, r.Key, r.RangeEnd).ToList();
        var kvs = r.CountOnly ? [] : matches.Take(r.Limit > 0 ? (int)r.Limit : int.MaxValue)
            .Select(kv => r.KeysOnly ? kv with { Value = ReadOnlyMemory<byte>.Empty } : kv).ToList();
        return new RangeResult(0, kvs, r.Limit > 0 && matches.Count > r.Limit, matches.Count);
    }

    private static void Delete(ImmutableSortedDictionary<string, KeyValue>.Builder state, KeyValue old, long revision, List<WatchEvent> events)
    {
        state.Remove(old.Key.S());
        events.Add(new WatchEvent(WatchEventType.Delete, KeyValue.Tombstone(old.Key, revision), old));
    }

    /// <summary>Every result carries the revision after the whole txn.</summary>
    private static TxnOutcome Finish(long at, bool succeeded, List<OpResult> results, ImmutableSortedDictionary<string, KeyValue>? state, List<WatchEvent> events)
    {
        var final = state is null ? at : at + 1;
        return new TxnOutcome(new TxnResult(final, succeeded, [.. results.Select(r => r with { Revision = final })]), state, events);
    }

    /// <summary>Live key-values in the range, in key order (ordinal string order is byte order for these ASCII keys).</summary>
    private static IEnumerable<KeyValue> Matching(IReadOnlyDictionary<string, KeyValue> state, ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> rangeEnd) =>
        state.Values.Where(kv => KeyRange.Contains(key.Span, rangeEnd.Span, kv.Key.Span)).OrderBy(kv => kv.Key.S(), StringComparer.Ordinal);

    /// <summary>The contract's compare: a missing key has every number 0 and never matches a value; over a range, every live key must match.</summary>
    private static bool Holds(Compare c, IReadOnlyDictionary<string, KeyValue> state)
    {
        if (c.RangeEnd.IsEmpty) return Check(c, state.GetValueOrDefault(c.Key.S()));
        var live = Matching(state, c.Key, c.RangeEnd).ToList();
        return live.Count == 0 ? Check(c, null) : live.All(kv => Check(c, kv));
    }

    private static bool Check(Compare c, KeyValue? kv)
    {
        int order;
        if (c.Target == CompareTarget.Value)
        {
            if (kv is null) return false;
            order = kv.Value.Span.SequenceCompareTo(c.Value.Span);
        }
        else
        {
            var actual = c.Target switch
            {
                CompareTarget.Version => kv?.Version ?? 0,
                CompareTarget.CreateRevision => kv?.CreateRevision ?? 0,
                CompareTarget.ModRevision => kv?.ModRevision ?? 0,
                _ => kv?.Lease ?? 0,
            };
            order = actual.CompareTo(c.Number);
        }
        return c.Result switch
        {
            CompareResult.Equal => order == 0,
            CompareResult.Greater => order > 0,
            CompareResult.Less => order < 0,
            _ => order != 0,
        };
    }
}
