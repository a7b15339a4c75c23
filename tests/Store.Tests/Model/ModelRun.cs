namespace Cluster.Store.Tests.Model;

/// <summary>Everything one randomized run recorded, for <see cref="HistoryChecker"/>.</summary>
/// <param name="Base">The store revision before the first call; the test's keys did not exist then.</param>
/// <param name="Final">A range over the test's keys made after every client finished: its header is the last revision.</param>
/// <param name="Watch">The batches of a watch from <c>Base + 1</c>.</param>
/// <param name="ResumedWatch">The batches of a watch from <c>Base + 1</c> that was cancelled and resumed part-way.</param>
internal sealed record ModelRun(
    long Base,
    Call Final,
    IReadOnlyList<Call> Calls,
    IReadOnlyList<RevokeCall> Revokes,
    IReadOnlyList<WatchBatch> Watch,
    IReadOnlyList<WatchBatch> ResumedWatch);
