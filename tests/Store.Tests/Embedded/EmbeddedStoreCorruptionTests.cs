using Cluster.Store.Embedded;
using Cluster.TestKit;

namespace Cluster.Store.Tests.Embedded;

/// <summary>
/// Damaged data at start-up: a torn write at the log's end is cut off (it was never acknowledged); anything else
/// stops start-up with an error naming the file and offset, never a silent loss.
/// </summary>
public sealed class EmbeddedStoreCorruptionTests : IDisposable
{
    private readonly TempDirectory _dir = new("store-corruption");

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// Small segments make snapshots cover (and delete) older ones within a few hundred writes; large ones keep a
    /// small test's log in one file whose end is the last record.
    /// </summary>
    private const long Small = 16 * 1024, Large = 64 * 1024 * 1024;

    private Task<EmbeddedStore> OpenAsync(long snapshotThreshold = 64 * 1024 * 1024, long segmentBytes = Large) =>
        EmbeddedStore.OpenAsync(new EmbeddedStoreOptions
        {
            DataDirectory = _dir.Path,
            SnapshotThresholdBytes = snapshotThreshold,
            LogSegmentBytes = segmentBytes,
        });

    private string[] Segments() => [.. Directory.GetFiles(Path.Combine(_dir.Path, "wal"), "*.wal").Order()];

    private async Task WriteAsync(int count, long snapshotThreshold = 64 * 1024 * 1024, long segmentBytes = Large)
    {
        await using var store = await OpenAsync(snapshotThreshold, segmentBytes);
        for (var i = 0; i < count; i++) await store.PutAsync(new PutRequest($"/k/{i:D4}".B(), new string('v', 100).B()));
    }

    private async Task<long> CountAsync()
    {
        await using var store = await OpenAsync();
        return (await store.RangeAsync(RangeRequest.Prefix("/k/".B()) with { CountOnly = true })).Count;
    }

    [Fact]
    public async Task A_torn_record_at_the_end_of_the_log_is_cut_off_and_everything_before_it_survives()
    {
        await WriteAsync(50);
        var segment = Segments()[^1];
        var intact = new FileInfo(segment).Length;
        var bytes = await File.ReadAllBytesAsync(segment);
        await using (var file = new FileStream(segment, FileMode.Append))
            await file.WriteAsync(bytes.AsMemory(bytes.Length - 90, 60)); // the front part of a record, as a crash leaves it

        Assert.Equal(50, await CountAsync());
        Assert.Equal(intact, new FileInfo(segment).Length);
    }

    [Fact]
    public async Task A_torn_record_followed_by_allocated_zeros_is_dropped_and_the_log_goes_on()
    {
        await WriteAsync(200);
        var segment = Segments()[^1];
        var before = new FileInfo(segment).Length;
        await using (var store = await OpenAsync())
            await store.PutAsync(new PutRequest("/k/last".B(), new string('z', 100).B()));
        var bytes = await File.ReadAllBytesAsync(segment);
        var middle = (int)(before + (bytes.Length - before) / 2);
        Array.Clear(bytes, middle, bytes.Length - middle); // the record's second half never reached the disk
        await File.WriteAllBytesAsync(segment, [.. bytes, .. new byte[8192]]); // and the file system kept the space it allocated

        Assert.Equal(200, await CountAsync());
        Assert.Equal(before, new FileInfo(segment).Length);
        await using var reopened = await OpenAsync();
        await reopened.PutAsync(new PutRequest("/k/again".B(), "x".B()));
        await reopened.DisposeAsync();
        Assert.Equal(201, await CountAsync());
    }

    [Fact]
    public async Task A_record_cut_short_by_a_crash_is_dropped_alone()
    {
        await WriteAsync(50);
        var segment = Segments()[^1];
        using (var file = File.OpenHandle(segment, FileMode.Open, FileAccess.ReadWrite))
            RandomAccess.SetLength(file, RandomAccess.GetLength(file) - 7);

        Assert.Equal(49, await CountAsync());
        await using var store = await OpenAsync();
        await store.PutAsync(new PutRequest("/k/new".B(), "x".B()));
        await store.DisposeAsync();
        Assert.Equal(50, await CountAsync());
    }

    [Fact]
    public async Task Zeroes_at_the_end_of_the_log_are_treated_as_a_torn_write()
    {
        await WriteAsync(10);
        var segment = Segments()[^1];
        await using (var file = new FileStream(segment, FileMode.Append))
            await file.WriteAsync(new byte[4096]);

        Assert.Equal(10, await CountAsync());
    }

    [Fact]
    public async Task A_flipped_bit_in_the_middle_of_the_log_stops_start_up_naming_file_and_offset()
    {
        await WriteAsync(50);
        var segment = Segments()[^1];
        var bytes = await File.ReadAllBytesAsync(segment);
        var offset = bytes.Length / 2;
        bytes[offset] ^= 0x10;
        await File.WriteAllBytesAsync(segment, bytes);

        var error = await Assert.ThrowsAsync<StoreCorruptedException>(() => OpenAsync());

        Assert.Equal(segment, error.File);
        Assert.InRange(error.Offset, offset - 200, offset);
        Assert.Contains(segment, error.Message);
        Assert.Equal(bytes.Length, new FileInfo(segment).Length); // nothing was cut off
    }

    [Fact]
    public async Task A_missing_snapshot_stops_start_up()
    {
        await WriteAsync(300, snapshotThreshold: 4096, segmentBytes: Small);
        var snapshots = Directory.GetFiles(Path.Combine(_dir.Path, "snap"), "*.snap");
        Assert.NotEmpty(snapshots);
        Assert.False(File.Exists(Path.Combine(_dir.Path, "wal", $"{1:x16}.wal")), "the first segment should be covered and gone");
        foreach (var s in snapshots) File.Delete(s);

        var error = await Assert.ThrowsAsync<StoreCorruptedException>(() => OpenAsync());

        Assert.Contains("snapshot missing", error.Message);
    }

    [Fact]
    public async Task A_damaged_snapshot_stops_start_up_naming_the_offset()
    {
        await WriteAsync(300, snapshotThreshold: 4096);
        var snapshot = Directory.GetFiles(Path.Combine(_dir.Path, "snap"), "*.snap").Single();
        var bytes = await File.ReadAllBytesAsync(snapshot);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(snapshot, bytes);

        var error = await Assert.ThrowsAsync<StoreCorruptedException>(() => OpenAsync());

        Assert.Equal(snapshot, error.File);
        Assert.InRange(error.Offset, 0, bytes.Length / 2);
    }

    [Fact]
    public async Task A_gap_between_the_snapshot_and_the_log_stops_start_up()
    {
        await WriteAsync(300, snapshotThreshold: 4096, segmentBytes: Small);
        var snapDir = Path.Combine(_dir.Path, "snap");
        var older = Directory.GetFiles(snapDir, "*.snap").Single();
        var saved = await File.ReadAllBytesAsync(older);
        await using (var store = await OpenAsync(snapshotThreshold: 4096, segmentBytes: Small))
        {
            for (var i = 0; i < 300; i++) await store.PutAsync(new PutRequest($"/more/{i}".B(), new string('v', 100).B()));
        }
        // Lose the newer snapshot; an older one comes back, but the log it needs was already deleted.
        foreach (var s in Directory.GetFiles(snapDir, "*.snap")) File.Delete(s);
        await File.WriteAllBytesAsync(older, saved);

        var error = await Assert.ThrowsAsync<StoreCorruptedException>(() => OpenAsync());

        Assert.Contains("missing", error.Message);
        Assert.EndsWith(".wal", error.File);
    }
}
