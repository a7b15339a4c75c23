// The crash test's child process: `dotnet Cluster.Store.CrashWorker.dll <data-dir> <cycle> [compact-to]`.
// Opens the embedded store, prints READY, then runs concurrent writers and prints each acknowledged write
// (see AckWriter for the line format) until it is killed, its stdin closes, or a minute passes.
using System.Globalization;
using Cluster.Store.CrashWorker;
using Cluster.Store.Embedded;

const int Writers = 16;
var dataDirectory = args[0];
var cycle = int.Parse(args[1], CultureInfo.InvariantCulture);
var compactTo = args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : 0;

var acks = new AckWriter(Console.OpenStandardOutput());
await using var store = await EmbeddedStore.OpenAsync(new EmbeddedStoreOptions
{
    DataDirectory = dataDirectory,
    SnapshotThresholdBytes = 64 * 1024, // snapshots and segment deletions happen many times per run
});
acks.Line($"READY {store.Revision}");

using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
var acked = new AckedKeys();
var work = new List<Task>();
for (var w = 0; w < Writers; w++)
{
    var writer = new WorkloadWriter(store, acks, acked, cycle, w);
    work.Add(Task.Run(() => writer.RunAsync(stop.Token)));
}
if (compactTo > 0)
{
    work.Add(Task.Run(async () =>
    {
        try
        {
            await store.CompactAsync(compactTo);
            acks.Line($"COMPACT {compactTo}");
        }
        catch (Exception e)
        {
            acks.Line($"ERROR compact to {compactTo}: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
        }
    }));
}

// The test holds our stdin open; if the test process goes away without killing us, stop on our own.
var stdin = Console.OpenStandardInput();
var buffer = new byte[64];
var stdinClosed = Task.Run(async () =>
{
    while (await stdin.ReadAsync(buffer) > 0) { }
});
await Task.WhenAny(stdinClosed, Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default));
await stop.CancelAsync();
await Task.WhenAll(work);
