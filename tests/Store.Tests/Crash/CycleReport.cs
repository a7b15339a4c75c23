namespace Cluster.Store.Tests.Crash;

/// <summary>What one crash cycle did and found, for the test's summary.</summary>
internal sealed record CycleReport(
    int Cycle,
    KillPlan Plan,
    bool SawReady,
    int AckedWrites,
    int DurableUnacked,
    int SettledDeletes,
    long CompactedTo,
    long Revision,
    int EventsReplayed,
    int Segments,
    int Snapshots,
    TimeSpan Elapsed)
{
    public override string ToString() =>
        $"cycle {Cycle,2}: kill {Plan,-22} ready={(SawReady ? "y" : "n")} acked={AckedWrites,5} durable-unacked={DurableUnacked,3} " +
        $"settled-deletes={SettledDeletes} compacted-to={CompactedTo,5} rev={Revision,6} replayed={EventsReplayed,5} wal={Segments} snap={Snapshots} {Elapsed.TotalMilliseconds,5:F0} ms";
}
