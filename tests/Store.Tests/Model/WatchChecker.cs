namespace Cluster.Store.Tests.Model;

/// <summary>
/// Holds a recorded watch to the model's event sequence: batches ordered by revision, no revision repeated or
/// split across batches, no events missing, none extra, and each with the model's previous key-value.
/// </summary>
internal static class WatchChecker
{
    /// <summary>Returns how many events the watch delivered.</summary>
    public static int Check(IReadOnlyList<WatchBatch> batches, IReadOnlyList<string> expected, string name, string context)
    {
        var delivered = new List<string>();
        long last = 0;
        foreach (var batch in batches)
        {
            Require(batch.Events.Count > 0, $"{name}: a batch with no events that is not a progress notification", context);
            var first = batch.Events[0].Kv.ModRevision;
            Require(first > last, $"{name}: a batch starts at revision {first}, not after the previous batch's {last} (a repeat, or a revision split over two batches)", context);
            var previous = first;
            foreach (var e in batch.Events)
            {
                Require(e.Kv.ModRevision >= previous, $"{name}: revision {e.Kv.ModRevision} after {previous} in one batch", context);
                previous = e.Kv.ModRevision;
                delivered.Add(HistoryText.Of(e));
            }
            Require(batch.Revision >= previous, $"{name}: batch revision {batch.Revision} is below its last event's {previous}", context);
            last = previous;
        }

        for (var i = 0; i < Math.Max(delivered.Count, expected.Count); i++)
        {
            var got = i < delivered.Count ? delivered[i] : "(nothing)";
            var want = i < expected.Count ? expected[i] : "(nothing)";
            Require(got == want, $"{name}: event {i} differs from the model\n  watch: {got}\n  model: {want}", context);
        }
        return delivered.Count;
    }

    private static void Require(bool condition, string message, string context)
    {
        if (!condition) Assert.Fail($"{context}: {message}");
    }
}
