using Cluster.Kubelet.Containers;
using Microsoft.Extensions.Logging;

namespace Cluster.Kubelet.Images;

/// <summary>
/// Runs image garbage collection every few minutes (the kubelet's ImageGCPeriod is 5 minutes): images no container of
/// the runtime uses, least recently used first, until disk usage is back under the low threshold.
/// </summary>
public sealed partial class ImageGcLoop(ImageStore store, IContainerRuntime runtime, ImageGarbageCollector collector, TimeSpan period, TimeProvider time, ILogger logger)
{
    public async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    var result = await collector.CollectAsync(await InUseAsync(ct), ct);
                    if (result.Removed.Count > 0) LogCollected(logger, result.Removed.Count, result.ImageBytesFreed + result.BlobBytesFreed);
                }
                catch (IOException e)
                {
                    LogFailed(logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>The ids of images a container in the runtime (of any state: its root file system lies on the image) uses.</summary>
    public async Task<IReadOnlySet<string>> InUseAsync(CancellationToken ct)
    {
        var digests = (await runtime.ListContainersAsync(ct))
            .Select(c => c.ImageId.IndexOf('@') is var at and >= 0 ? c.ImageId[(at + 1)..] : c.ImageId)
            .ToHashSet(StringComparer.Ordinal);
        return store.List().Where(image => digests.Contains(image.Digest) || digests.Contains(image.ManifestDigest) || digests.Contains(image.Id))
            .Select(image => image.Id).ToHashSet(StringComparer.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "image garbage collection removed {Count} images ({Bytes} bytes)")]
    private static partial void LogCollected(ILogger logger, int count, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "image garbage collection failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string error);
}
