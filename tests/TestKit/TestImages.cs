namespace Cluster.TestKit;

/// <summary>The busybox test image in a node's store, and the node reset that ends a test's containers.</summary>
public static class TestImages
{
    private static readonly SemaphoreSlim Building = new(1, 1);
    private static string? _busyboxTar;

    /// <summary>
    /// Builds the busybox image once per test run (it is deterministic) and imports it into the image store of the node
    /// whose data directory is <paramref name="dataDirectory"/> (a server's, or an agent's parent).
    /// </summary>
    public static async Task ImportBusyboxAsync(string dataDirectory)
    {
        var tar = await BusyboxTarAsync();
        await using var import = ClusterCommandProcess.Start("images", "import", tar, "--data-dir", dataDirectory);
        if (await import.WaitForExitAsync(TimeSpan.FromSeconds(60)) != 0)
            throw new InvalidOperationException("cluster images import failed:\n" + string.Join('\n', import.RecentOutput));
    }

    public static async Task<string> BusyboxTarAsync()
    {
        await Building.WaitAsync();
        try
        {
            if (_busyboxTar is not null) return _busyboxTar;
            // One file for every test process: the image is deterministic, so whoever builds it last writes the same bytes.
            var shared = Path.Combine(Path.GetTempPath(), "cluster-test-busybox.tar");
            var mine = Path.Combine(Path.GetTempPath(), $"cluster-test-busybox-{Environment.ProcessId}.tar");
            await using var build = ClusterCommandProcess.Start("images", "build-busybox", "--out", mine);
            if (await build.WaitForExitAsync(TimeSpan.FromSeconds(60)) != 0)
                throw new InvalidOperationException("cluster images build-busybox failed:\n" + string.Join('\n', build.RecentOutput));
            File.Move(mine, shared, overwrite: true);
            return _busyboxTar = shared;
        }
        finally
        {
            Building.Release();
        }
    }

    /// <summary>Runs <c>cluster reset</c> on an agent's data directory: every container it left is killed and removed.</summary>
    public static async Task ResetNodeAsync(string agentDataDirectory)
    {
        if (!Directory.Exists(agentDataDirectory)) return;
        await using var reset = ClusterCommandProcess.Start("reset", "--data-dir", agentDataDirectory);
        await reset.WaitForExitAsync(TimeSpan.FromSeconds(120));
    }
}
