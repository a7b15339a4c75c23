using Cluster.Kubelet.Nodes;

namespace Cluster.Kubelet.Images;

/// <summary>The kubelet's image GC knobs (<c>imageGCHighThresholdPercent</c>, <c>imageGCLowThresholdPercent</c>, <c>imageMinimumGCAge</c>).</summary>
public sealed record ImageGcOptions
{
    public int HighThresholdPercent { get; init; } = 85;
    public int LowThresholdPercent { get; init; } = 80;
    /// <summary>An image used more recently than this is never removed (it may be about to start).</summary>
    public TimeSpan MinimumAge { get; init; } = TimeSpan.FromMinutes(2);

    public void Validate()
    {
        if (HighThresholdPercent is < 0 or > 100 || LowThresholdPercent is < 0 or > 100 || LowThresholdPercent > HighThresholdPercent)
            throw new ArgumentException($"image GC thresholds must satisfy 0 <= low ({LowThresholdPercent}) <= high ({HighThresholdPercent}) <= 100");
    }
}

/// <summary>What one collection removed.</summary>
public sealed record ImageGcResult(IReadOnlyList<ImageRecord> Removed, long ImageBytesFreed, long BlobBytesFreed);

/// <summary>
/// Image garbage collection under disk pressure, as the kubelet's image GC manager: when the file system holding
/// the store is at or above the high threshold, remove images no container uses, least recently used first, until
/// enough bytes (by image size) are freed to bring usage to the low threshold; then delete blobs no image refers to.
/// </summary>
public sealed class ImageGarbageCollector(ImageStore store, ImageGcOptions? options = null, Func<Filesystem>? diskUsage = null, TimeProvider? time = null)
{
    private readonly ImageGcOptions _options = options ?? new ImageGcOptions();
    private readonly Func<Filesystem> _diskUsage = diskUsage ?? (() => Filesystem.Of(store.Root));
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <param name="inUse">Ids (config digests) of images that running or created containers use.</param>
    public async Task<ImageGcResult> CollectAsync(IReadOnlySet<string> inUse, CancellationToken ct)
    {
        _options.Validate();
        var victims = ChooseVictims(store.List(), inUse, _diskUsage(), _options, _time.GetUtcNow());
        foreach (var image in victims) await store.RemoveAsync(image.Id, ct);
        long blobBytes = store.PruneBlobs();
        return new ImageGcResult(victims, victims.Sum(v => v.Size), blobBytes);
    }

    /// <summary>The images to remove, in removal order; empty when usage is below the high threshold.</summary>
    public static IReadOnlyList<ImageRecord> ChooseVictims(IReadOnlyList<ImageRecord> images, IReadOnlySet<string> inUse, Filesystem usage,
        ImageGcOptions options, DateTimeOffset now)
    {
        if (usage.TotalBytes <= 0 || usage.UsedPercent < options.HighThresholdPercent) return [];
        long toFree = usage.TotalBytes * (100 - options.LowThresholdPercent) / 100 - usage.AvailableBytes;
        var victims = new List<ImageRecord>();
        long freed = 0;
        foreach (var image in images.Where(i => !inUse.Contains(i.Id) && now - i.LastUsed >= options.MinimumAge)
                     .OrderBy(i => i.LastUsed).ThenBy(i => i.Id, StringComparer.Ordinal))
        {
            if (freed >= toFree) break;
            victims.Add(image);
            freed += image.Size;
        }
        return victims;
    }
}
