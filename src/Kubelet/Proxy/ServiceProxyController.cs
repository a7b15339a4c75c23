using Cluster.Api.Core.V1;
using Cluster.Api.Discovery.V1;
using Cluster.Runtime;
using Cluster.Runtime.Builder;
using Cluster.Runtime.Client;
using Cluster.Runtime.Controllers;
using Cluster.Runtime.Informers;
using Microsoft.Extensions.Logging;

namespace Cluster.Kubelet.Proxy;

/// <summary>
/// The service proxy of a node agent: informers on Services and EndpointSlices (its own, so the proxy runs and stops
/// apart from the pods), and a reconciler that, given a service's key, hands its ports as the cache has them to the
/// <see cref="ServiceProxy"/>, which writes the kernel. The first sync waits until every cached service is in the model,
/// so a restart replaces the previous rules without a gap.
/// </summary>
public sealed class ServiceProxyController : IReconciler<Service>
{
    /// <summary>The EndpointSlice index by the service the slice belongs to (namespace/name from its service-name label).</summary>
    public const string ServiceIndex = "service";

    private readonly ClusterClient _client;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;
    private readonly Lock _reconcile = new();        // orders each read of the cache with its update: the later one wins with newer state
    private Informer<Service>? _services;
    private Informer<EndpointSlice>? _slices;

    public ServiceProxyController(ClusterClient client, ServiceProxyOptions options, ILoggerFactory loggers, TimeProvider? time = null)
    {
        (_client, _loggers, _time) = (client, loggers, time ?? TimeProvider.System);
        Proxy = new ServiceProxy(options, loggers.CreateLogger("proxy"), _time);
    }

    public ServiceProxy Proxy { get; }

    public async Task RunAsync(CancellationToken ct)
    {
        await using var runtime = new ControllerRuntime(_client, new ControllerRuntimeOptions { ShutdownTimeout = TimeSpan.FromSeconds(5) }, _loggers, _time);
        _slices = runtime.Informers.For(new InformerOptions<EndpointSlice>
        {
            Indexers = new Dictionary<string, Func<EndpointSlice, IEnumerable<string>>> { [ServiceIndex] = ServiceKeys },
        });
        _services = runtime.Informers.For<Service>();
        runtime.For<Service>().Named("service-proxy").Watches<EndpointSlice>(slice => ServiceKeys(slice).Select(Parse)).Complete(this);
        var controllers = runtime.RunAsync(ct);
        try
        {
            await runtime.Informers.WaitForSyncAsync(ct);
            foreach (var service in _services.Cache.List()) Reconcile(ObjectKey.Of(service));
            await Task.WhenAll(controllers, Proxy.RunAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await controllers;
        }
    }

    public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        Reconcile(key);
        return Task.FromResult(ReconcileResult.Done);
    }

    private void Reconcile(ObjectKey key)
    {
        // The start-up pass and the reconciler may handle one key at once; cheap enough to do one at a time.
        lock (_reconcile)
        {
            var service = _services!.Cache.Get(key);
            var slices = service is null ? [] : _slices!.Cache.ByIndex(ServiceIndex, key.ToString());
            Proxy.Update(key.Namespace, key.Name, ProxyServicePorts.From(service, slices));
        }
    }

    private static IEnumerable<string> ServiceKeys(EndpointSlice slice) =>
        slice.Metadata?.Labels?.GetValueOrDefault(ProxyServicePorts.ServiceNameLabel) is { Length: > 0 } service
            ? [new ObjectKey(slice.Metadata.Namespace ?? "", service).ToString()]
            : [];

    private static ObjectKey Parse(string key) => key.IndexOf('/') is var slash and >= 0 ? new(key[..slash], key[(slash + 1)..]) : new("", key);
}
