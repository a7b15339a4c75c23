using System.Diagnostics;
using Cluster.Store.Embedded;
using Cluster.TestKit;

namespace Cluster.Store.Tests.Embedded;

/// <summary>
/// A full disk fails the write that hit it, acknowledges nothing of it, leaves no trace of it in memory or on disk,
/// and the store goes on once there is room again. Runs on a small tmpfs the test mounts (needs root).
/// </summary>
public sealed class EmbeddedStoreFullDiskTests : IDisposable
{
    private readonly TempDirectory _dir = new("store-fulldisk");
    private readonly bool _mounted;

    public EmbeddedStoreFullDiskTests()
    {
        _mounted = Run("mount", $"-t tmpfs -o size=4m tmpfs {_dir.Path}") == 0;
        if (!_mounted && Environment.GetEnvironmentVariable("CI") == "true")
            throw new InvalidOperationException("CI must run as root so the full-disk test can mount a tmpfs");
    }

    public void Dispose()
    {
        if (_mounted) Run("umount", $"-l {_dir.Path}");
        _dir.Dispose();
    }

    [Fact]
    public async Task A_write_that_finds_the_disk_full_fails_and_leaves_no_trace()
    {
        if (!_mounted) return; // not root on a developer machine: nothing to test against (CI fails above instead)
        var data = Path.Combine(_dir.Path, "store");
        var filler = Path.Combine(_dir.Path, "filler");
        var options = new EmbeddedStoreOptions { DataDirectory = data };
        var acknowledged = new List<string>();
        string? failedKey = null;

        await using (var store = await EmbeddedStore.OpenAsync(options))
        {
            await File.WriteAllBytesAsync(filler, new byte[3 * 1024 * 1024]);
            var value = new byte[32 * 1024];
            for (var i = 0; i < 100 && failedKey is null; i++)
            {
                var key = $"/full/{i}";
                try
                {
                    await store.PutAsync(new PutRequest(key.B(), value));
                    acknowledged.Add(key);
                }
                catch (StoreUnavailableException)
                {
                    failedKey = key;
                }
            }
            Assert.NotNull(failedKey);
            Assert.NotEmpty(acknowledged);
            Assert.Equal(0, (await store.RangeAsync(new RangeRequest(failedKey.B()))).Count);
            Assert.Equal(acknowledged.Count, (await store.RangeAsync(RangeRequest.Prefix("/full/".B()))).Count);

            File.Delete(filler);
            await store.PutAsync(new PutRequest("/full/after".B(), value));
            acknowledged.Add("/full/after");
        }

        await using var reopened = await EmbeddedStore.OpenAsync(options);
        var keys = (await reopened.RangeAsync(RangeRequest.Prefix("/full/".B()) with { KeysOnly = true })).Kvs.Select(kv => kv.Key.S());
        Assert.Equal(acknowledged.Order(StringComparer.Ordinal), keys);
    }

    private static int Run(string file, string args)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            p.WaitForExit();
            return p.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
