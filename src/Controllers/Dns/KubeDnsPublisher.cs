using System.Net;
using System.Threading.Channels;
using Cluster.Api;
using Cluster.Api.Core.V1;
using Cluster.Api.Discovery.V1;
using Cluster.Runtime;
using Cluster.Runtime.Client;
using Cluster.Runtime.Informers;
using Microsoft.Extensions.Logging;

namespace Cluster.Controllers.Dns;

/// <summary>
/// Keeps the kube-dns Service and this server's EndpointSlice (<see cref="KubeDnsObjects"/>) as they should be,
/// through the API like any client. Level-based: any change to either object (from the informers) wakes one pass that
/// compares the cache with the desired objects and server-side applies what differs; a failed pass is tried again after
/// a delay that doubles up to <see cref="ClusterDnsOptions.MaxRetryDelay"/>. Not leader-elected: each server keeps its own slice.
/// </summary>
internal sealed partial class KubeDnsPublisher(ClusterClient client, SharedInformers informers, ClusterDnsOptions options, IPEndPoint serving, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(500);
    private readonly ObjectKey _serviceKey = new(KubeDnsObjects.Namespace, KubeDnsObjects.ServiceName);
    private readonly ObjectKey _sliceKey = new(KubeDnsObjects.Namespace, KubeDnsObjects.SliceName(options.NodeName));

    public async Task RunAsync(CancellationToken ct)
    {
        var wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        wake.Writer.TryWrite(true);
        var watching = Task.WhenAll(
            WakeOnChangesAsync(informers.For<Service>(), _serviceKey, wake.Writer, ct),
            WakeOnChangesAsync(informers.For<EndpointSlice>(), _sliceKey, wake.Writer, ct));
        var delay = FirstRetryDelay;
        try
        {
            while (await wake.Reader.WaitToReadAsync(ct))
            {
                wake.Reader.TryRead(out _);
                try
                {
                    await EnsureAsync(ct);
                    delay = FirstRetryDelay;
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    LogPublishFailed(logger, e, delay);
                    await Task.Delay(delay, time, ct);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxRetryDelay.Ticks));
                    wake.Writer.TryWrite(true);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        await watching;
    }

    private async Task EnsureAsync(CancellationToken ct)
    {
        var services = informers.For<Service>();
        var slices = informers.For<EndpointSlice>();
        await Task.WhenAll(services.WaitForSyncAsync(ct), slices.WaitForSyncAsync(ct));
        var service = services.Cache.Get(_serviceKey);
        var desiredService = KubeDnsObjects.Service(options.ServiceIp);
        if (!KubeDnsObjects.Satisfies(service, desiredService))
        {
            service = await client.ApplyAsync(desiredService, KubeDnsObjects.FieldManager, force: true, ct);
            LogApplied(logger, "Service", _serviceKey.ToString());
        }
        var desiredSlice = KubeDnsObjects.Slice(options.NodeName, serving, service!);
        if (!KubeDnsObjects.Satisfies(slices.Cache.Get(_sliceKey), desiredSlice))
        {
            await client.ApplyAsync(desiredSlice, KubeDnsObjects.FieldManager, force: true, ct);
            LogApplied(logger, "EndpointSlice", _sliceKey.ToString());
        }
    }

    private static async Task WakeOnChangesAsync<T>(Informer<T> informer, ObjectKey key, ChannelWriter<bool> wake, CancellationToken ct)
        where T : class, IKubernetesObject<T>
    {
        try
        {
            await foreach (var change in informer.Events(ct))
                if (change.Object.Metadata?.Namespace == key.Namespace && change.Object.Metadata?.Name == key.Name) wake.TryWrite(true);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "cluster DNS: applied the {Kind} {Key}")]
    private static partial void LogApplied(ILogger logger, string kind, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "cluster DNS: writing the kube-dns Service or EndpointSlice failed; trying again in {Delay}")]
    private static partial void LogPublishFailed(ILogger logger, Exception e, TimeSpan delay);
}
