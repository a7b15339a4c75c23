namespace Cluster.Store.Tests.Model;

/// <summary>
/// Checks a recorded concurrent history against the <see cref="ReferenceModel"/>, as etcd's robustness suite
/// does: the store's revisions order the writes; replayed in that order one at a time, every response must be
/// what the model gives at that point, and both watches must deliver exactly the model's events.
/// </summary>
/// <remarks>
/// The checks: each changing call owns a unique revision, and every revision after the start is owned by exactly
/// one call or lease revoke (dense, no gaps); each call's response equals the model's (a write at its revision
/// <c>r</c> runs on the state at <c>r - 1</c>; a call that changed nothing runs on the state at its header
/// revision); historical ranges equal the model at their revision; each client's header revisions never go
/// backwards; a revoke that took no revision left no key on its lease; the final contents (<see cref="ModelRun.Final"/>) match.
/// </remarks>
internal sealed class HistoryChecker(ModelRun run, string context)
{
    private readonly ReferenceModel _model = new(run.Base);
    private readonly Dictionary<RevokeCall, long> _revokedAt = [];

    /// <summary>Runs every check; returns a one-line summary.</summary>
    public string Check()
    {
        var final = run.Final.Response.Revision;
        CheckHeadersPerClient();
        var owners = OwnersOfRevisions(final);
        Replay(owners, final);
        CheckCallsThatChangedNothing(final);
        CheckRevokesThatChangedNothing();
        var expected = _model.Events.Select(HistoryText.Of).ToList();
        var watched = WatchChecker.Check(run.Watch, expected, "watch", context);
        WatchChecker.Check(run.ResumedWatch, expected, "resumed watch", context);

        var txns = run.Calls.Where(c => c.Kind == CallKind.Txn).ToList();
        return $"{run.Calls.Count} calls, {owners.Count} writes, {txns.Count(t => t.Response.Succeeded)} of {txns.Count} txns took their success branch, " +
            $"{_revokedAt.Count} of {run.Revokes.Count} revokes deleted keys, " +
            $"revisions {run.Base + 1}..{final}, {watched} watch events";
    }

    private void CheckHeadersPerClient()
    {
        foreach (var client in run.Calls.GroupBy(c => c.Client))
        {
            Call? previous = null;
            foreach (var call in client.OrderBy(c => c.Seq))
            {
                Require(previous is null || call.Response.Revision >= previous.Response.Revision,
                    $"client {client.Key}'s header revision went backwards:\n  {previous}\n  {call}");
                previous = call;
            }
        }
    }

    /// <summary>Maps each revision to the one call that changed something at it.</summary>
    private Dictionary<long, Call> OwnersOfRevisions(long final)
    {
        var owners = new Dictionary<long, Call>();
        foreach (var call in run.Calls.Where(c => c.Changed))
        {
            var revision = call.Response.Revision;
            Require(revision > run.Base && revision <= final, $"a write has revision {revision} outside ({run.Base}, {final}]: {call}");
            Require(owners.TryAdd(revision, call), $"two writes have revision {revision}:\n  {owners.GetValueOrDefault(revision)}\n  {call}");
        }
        return owners;
    }

    /// <summary>Replays the writes in revision order, checking each response; revisions no call owns must be revokes.</summary>
    private void Replay(Dictionary<long, Call> owners, long final)
    {
        for (var revision = run.Base + 1; revision <= final; revision++)
        {
            if (owners.TryGetValue(revision, out var call))
            {
                var outcome = _model.Execute(call.Request, revision - 1);
                Require(outcome.Changed, $"the store says this changed something at {revision}, the model says it changes nothing: {call}");
                RequireSame(call, outcome.Result);
                _model.Commit(outcome);
                continue;
            }
            var (revoke, revoked) = RevokeAt(revision);
            _revokedAt[revoke] = revision;
            _model.Commit(revoked);
        }
    }

    /// <summary>
    /// The revoke that took <paramref name="revision"/>: one whose bracket contains it and whose lease still has keys.
    /// If several could, the watch tells which lease the deleted keys were attached to.
    /// </summary>
    private (RevokeCall, TxnOutcome) RevokeAt(long revision)
    {
        var candidates = run.Revokes
            .Where(v => !_revokedAt.ContainsKey(v) && v.After < revision && revision <= v.Before)
            .Select(v => (Revoke: v, Outcome: _model.Revoke(v.Lease, revision - 1)))
            .Where(c => c.Outcome.Changed)
            .ToList();
        if (candidates.Count > 1)
        {
            var watched = run.Watch.SelectMany(b => b.Events).FirstOrDefault(e => e.Kv.ModRevision == revision).PrevKv?.Lease;
            candidates = [.. candidates.Where(c => c.Revoke.Lease == watched)];
        }
        Require(candidates.Count == 1, $"revision {revision} was taken by no recorded call, and by no lease revoke that could have taken it " +
            $"({candidates.Count} candidates)");
        return candidates[0];
    }

    /// <summary>Reads, failed or read-only txns and empty deletes: the model at their header revision must agree and change nothing.</summary>
    private void CheckCallsThatChangedNothing(long final)
    {
        foreach (var call in run.Calls.Append(run.Final).Where(c => !c.Changed))
        {
            var at = call.Response.Revision;
            Require(at >= run.Base && at <= final, $"header revision {at} outside [{run.Base}, {final}]: {call}");
            var outcome = _model.Execute(call.Request, at);
            Require(!outcome.Changed, $"the model says this changes something at {at + 1}, the store says it changed nothing: {call}");
            RequireSame(call, outcome.Result);
        }
    }

    /// <summary>
    /// A revoke that took no revision found its lease without keys. Keys only leave a lease once its owner stops
    /// putting with it, so "no keys at the end of the bracket" is the same as "no keys at some point inside it".
    /// </summary>
    private void CheckRevokesThatChangedNothing()
    {
        foreach (var revoke in run.Revokes.Where(v => !_revokedAt.ContainsKey(v)))
        {
            var left = _model.At(revoke.Before).Values.Where(kv => kv.Lease == revoke.Lease).Select(HistoryText.Of).ToList();
            Require(left.Count == 0, $"{revoke} took no revision, but the model has keys on the lease: {string.Join(", ", left)}");
        }
    }

    private void RequireSame(Call call, TxnResult model) =>
        Require(HistoryText.Of(call.Response) == HistoryText.Of(model), $"response differs from the model:\n  {call}\n  model: {HistoryText.Of(model)}");

    private void Require(bool condition, string message)
    {
        if (!condition) Assert.Fail($"{context}: {message}");
    }
}
