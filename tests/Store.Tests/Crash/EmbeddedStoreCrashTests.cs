using System.Diagnostics;
using Cluster.Store.Embedded;
using Cluster.TestKit;
using Xunit.Abstractions;

namespace Cluster.Store.Tests.Crash;

/// <summary>
/// The embedded engine under SIGKILL: a child process (<c>tests/Store.CrashWorker</c>) writes concurrently and
/// reports each acknowledged write; it is killed at a random moment, and the reopened store must hold every
/// acknowledged write, continue its revisions, and replay its history, cycle after cycle on one data directory.
/// </summary>
public sealed class EmbeddedStoreCrashTests(ITestOutputHelper output)
{
    private const int Cycles = 24;
    private const int Seed = 20240611;
    private static readonly TimeSpan ProcessWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_acknowledged_write_survives_SIGKILL_and_revisions_continue_across_restarts()
    {
        using var dir = new TempDirectory("store-crash");
        var random = new Random(Seed);
        var verifier = new CrashVerifier();
        var reports = new List<CycleReport>();
        var total = Stopwatch.StartNew();
        output.WriteLine($"seed {Seed}, {Cycles} cycles on {dir.Path}");

        for (var cycle = 1; cycle <= Cycles; cycle++)
        {
            var started = Stopwatch.StartNew();
            var plan = KillPlan.For(cycle, random);
            var (lines, sawReady) = await RunWorkerUntilKilledAsync(dir.Path, cycle, verifier.NextCompactTarget(), plan);
            var acks = lines.Select(Ack.Parse).ToList();

            await using var store = await EmbeddedStore.OpenAsync(new EmbeddedStoreOptions { DataDirectory = dir.Path });
            var revision = store.Revision;
            var (acked, durableUnacked, settled, replayed) = await verifier.VerifyAsync(store, acks);
            var compacted = acks.Where(a => a.Kind == AckKind.Compact).Select(a => a.Revision).DefaultIfEmpty(0).Max();
            var report = new CycleReport(cycle, plan, sawReady, acked, durableUnacked, settled, compacted, revision, replayed,
                Directory.GetFiles(dir.Combine("wal")).Length, Directory.GetFiles(dir.Combine("snap")).Length, started.Elapsed);
            reports.Add(report);
            output.WriteLine(report.ToString());
        }

        output.WriteLine($"{Cycles} cycles in {total.Elapsed.TotalSeconds:F1} s, {reports.Sum(r => r.AckedWrites)} acknowledged writes, " +
            $"{reports.Count(r => !r.SawReady)} kills before READY, {reports.Sum(r => r.DurableUnacked)} durable but unacknowledged writes");
        foreach (var report in reports.Where(r => r.Plan.Moment == KillMoment.AfterAcks))
            Assert.True(report.AckedWrites >= report.Plan.Acks, $"cycle {report.Cycle} was killed before its {report.Plan.Acks} writes");
    }

    private static async Task<(IReadOnlyList<string> Lines, bool SawReady)> RunWorkerUntilKilledAsync(string dataDirectory, int cycle, long compactTo, KillPlan plan)
    {
        await using var worker = CrashWorkerProcess.Start(dataDirectory, cycle, compactTo, plan.Acks);
        switch (plan.Moment)
        {
            case KillMoment.AfterStart:
                await Task.Delay(plan.Delay); // the random moment itself, not a wait for something
                break;
            case KillMoment.AfterAcks:
                await worker.Acknowledged.WaitAsync(ProcessWait);
                break;
            default:
                await worker.Ready.WaitAsync(ProcessWait);
                if (plan.Delay > TimeSpan.Zero) await Task.Delay(plan.Delay);
                break;
        }
        worker.Kill();
        var lines = await worker.WaitForExitAsync(ProcessWait);
        return (lines, worker.Ready.IsCompletedSuccessfully);
    }
}
