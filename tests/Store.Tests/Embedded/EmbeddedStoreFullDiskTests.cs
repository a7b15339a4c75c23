using Cluster.Store.Embedded;
using Cluster.TestKit;

namespace Cluster.Store.Tests.Embedded;

/// <summary>
/// A full disk fails the write that hit it, acknowledges nothing of it, leaves no trace of it in memory or on disk,
/// and the store goes on once there is room again.
/// </summary>
public sealed class EmbeddedStoreFullDiskTests : IDisposable
{
    private readonly ScratchDisk _disk = ScratchDisk.Tmpfs(4);

    public void Dispose() => _disk.Dispose();

    [Fact]
    public async Task A_write_that_finds_the_disk_full_fails_and_leaves_no_trace()
    {
        if (!_disk.Available) return; // not root on a developer machine (CI fails in ScratchDisk instead)
        var filler = Path.Combine(_disk.Path, "filler");
        var options = new EmbeddedStoreOptions { DataDirectory = Path.Combine(_disk.Path, "store") };
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
}
