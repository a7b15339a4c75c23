using System.Net;
using Cluster.ApiServer.Auth;
using Cluster.ApiServer.Discovery;
using Cluster.ApiServer.Handlers;
using Cluster.ApiServer.Http;
using Cluster.ApiServer.Observability;
using Cluster.ApiServer.OpenApi;
using Cluster.ApiServer.Protobuf;
using Cluster.ApiServer.Registry;
using Cluster.ApiServer.Schema;
using Cluster.ApiServer.Storage;
using Cluster.ApiServer.Strategies;
using Cluster.ApiServer.WatchCache;
using Cluster.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cluster.ApiServer;

/// <summary>
/// A running API server: Kestrel serving HTTPS with the server's credentials, the request pipeline, the watch
/// caches and the compactor, on a store the caller owns; its metrics at <c>/metrics</c> and, when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, over OTLP. Dispose to stop it (the store stays open).
/// </summary>
public sealed class ApiServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stop;
    private readonly Task _compactor;
    private readonly TelemetryProviders _telemetry;

    private ApiServerHost(WebApplication app, TelemetryProviders telemetry, ServerCredentials credentials, Uri url, CancellationTokenSource stop, Task compactor)
    {
        _app = app;
        _telemetry = telemetry;
        _stop = stop;
        Credentials = credentials;
        Url = url;
        _compactor = compactor;
    }

    public ServerCredentials Credentials { get; }

    /// <summary>The HTTPS URL clients use (loopback when bound to every address).</summary>
    public Uri Url { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ApiServerHost> StartAsync(ApiServerOptions options, IKeyValueStore store, ILoggerFactory loggers, TimeProvider? time = null, CancellationToken ct = default)
    {
        time ??= TimeProvider.System;
        if (options.DisabledAdmissionPlugins.FirstOrDefault(p => !Admission.AdmissionPlugins.Known.Contains(p)) is { } unknown)
            throw new ArgumentException($"unknown admission plugin '{unknown}' (known: {string.Join(", ", Admission.AdmissionPlugins.Known.Order(StringComparer.Ordinal))})", nameof(options));
        var serviceIps = ServiceNetworking.ServiceIpRange.Parse(options.ServiceClusterIpRange);
        var advertised = AdvertiseAddress(options);
        // In-cluster clients reach the server as the kubernetes service: by its names, its cluster IP and its endpoint.
        string[] inCluster = ["kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local",
            serviceIps.First.ToString(), advertised.ToString()];
        var credentials = ServerCredentials.LoadOrCreate(options.DataDirectory,
            options.Bind.Equals(IPAddress.Any) || options.Bind.Equals(IPAddress.IPv6Any)
                ? [.. options.ExtraCertificateNames, .. inCluster]
                : [.. options.ExtraCertificateNames, .. inCluster, options.Bind.ToString()]);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null; // RequestBody enforces the API's own limit with a Status
            kestrel.Limits.MaxRequestHeadersTotalSize = 1024 * 1024;
            kestrel.Limits.MinResponseDataRate = null; // watches idle for long stretches
            kestrel.Listen(options.Bind, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = credentials.ServingCertificate });
            });
        });
        AddServices(builder.Services, options, store, credentials, time, serviceIps);

        var app = builder.Build();
        var router = app.Services.GetRequiredService<ApiRouter>();
        app.Run(router.HandleAsync);
        var api = app.Services.GetRequiredService<ApiServices>();
        var meters = app.Services.GetRequiredService<ApiServerTelemetry>();
        meters.TrackStorageObjects(api.Caches);
        var telemetry = TelemetryProviders.Create(meters, TelemetryProviders.ProcessEnvironment());
        router.Metrics = telemetry.Prometheus.ServeAsync;

        try
        {
            await Bootstrap.EnsureAsync(api, ct);
            await app.StartAsync(ct);
        }
        catch
        {
            telemetry.Dispose();
            throw;
        }

        var port = new Uri(app.Urls.First()).Port;
        var host = options.Bind.Equals(IPAddress.Any) || options.Bind.Equals(IPAddress.IPv6Any) ? "127.0.0.1"
            : options.Bind.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{options.Bind}]" : options.Bind.ToString();
        var url = new Uri($"https://{host}:{port}");
        var compactor = new StoreCompactor(api.Storage, options.CompactionInterval, time, loggers.CreateLogger<StoreCompactor>());
        var stop = new CancellationTokenSource();
        var serviceAllocator = app.Services.GetRequiredService<ServiceNetworking.ServiceAllocator>();
        var services = api.Registry.Find("", "v1", "services")!;
        var repair = new ServiceNetworking.ServiceAllocationRepair(store, services, serviceAllocator, options.AllocationRepairInterval, loggers.CreateLogger<ServiceNetworking.ServiceAllocationRepair>());
        var kubernetesService = new ServiceNetworking.KubernetesServiceReconciler(api, serviceIps, advertised, port, loggers.CreateLogger<ServiceNetworking.KubernetesServiceReconciler>());
        var crds = new CustomResources.CustomResourceDefinitionController(api, app.Services.GetRequiredService<ResourceRegistry>(), app.Services.GetRequiredService<Handlers.ObjectDeleter>(), loggers.CreateLogger<CustomResources.CustomResourceDefinitionController>());
        await crds.ReadyAsync(ct); // custom resources stored before a restart are served from the first request on
        var background = Task.WhenAll(compactor.RunAsync(stop.Token), crds.RunAsync(stop.Token), repair.RunAsync(stop.Token), kubernetesService.RunAsync(stop.Token));
        return new ApiServerHost(app, telemetry, credentials, url, stop, background);
    }

    /// <summary>The address the kubernetes service's endpoints name: see <see cref="ApiServerOptions.AdvertiseAddress"/>.</summary>
    private static IPAddress AdvertiseAddress(ApiServerOptions options)
    {
        if (options.AdvertiseAddress is { } advertised) return advertised;
        var everyAddress = options.Bind.Equals(IPAddress.Any) || options.Bind.Equals(IPAddress.IPv6Any);
        return everyAddress ? Api.Networking.HostAddresses.DetectPrimaryIPv4() : options.Bind;
    }

    private static void AddServices(IServiceCollection services, ApiServerOptions options, IKeyValueStore store, ServerCredentials credentials, TimeProvider time,
        ServiceNetworking.ServiceIpRange serviceIps)
    {
        services.AddSingleton(options);
        services.AddSingleton(time);
        services.AddSingleton(new StrategyCatalog());
        services.AddSingleton(sp => BuiltInResources.CreateRegistry(sp.GetRequiredService<StrategyCatalog>()));
        services.AddSingleton<ApiServerTelemetry>();
        var serviceAllocator = new ServiceNetworking.ServiceAllocator(serviceIps, ServiceNetworking.NodePortRange.Parse(options.ServiceNodePortRange), store);
        services.AddSingleton(serviceAllocator);
        services.AddSingleton(new ObjectAllocators(new Dictionary<string, IObjectAllocator> { ["services/specs"] = serviceAllocator }));
        services.AddSingleton(sp => new ObjectStorage(store, sp.GetRequiredService<ApiServerTelemetry>(),
            new Dictionary<string, IKeyClaims> { ["services/specs"] = new ServiceNetworking.ServiceClaims() }));
        services.AddSingleton(sp => new WatchCacheSet(sp.GetRequiredService<ObjectStorage>(), sp.GetRequiredService<ILoggerFactory>(), options.WatchCacheCapacity));
        services.AddSingleton(new RequestBody(options.MaxRequestBodyBytes, new ProtobufBodyDecoder()));
        services.AddSingleton<ApiServices>();
        services.AddSingleton(new ServiceAccountTokens(credentials.ServiceAccountKey));
        services.AddSingleton<IAuthenticator>(sp => new UnionAuthenticator(
        [
            new TokenAuthenticator(new Dictionary<string, UserInfo>
            {
                [credentials.AdminToken] = new("admin", ["system:masters", "system:authenticated"]),
            }),
            new ServiceAccountAuthenticator(sp.GetRequiredService<ServiceAccountTokens>(), sp.GetRequiredService<ApiServices>()),
        ]));
        services.AddSingleton<IAuthorizer, AllowAuthenticated>();
        services.AddSingleton(new InflightLimiter(options.MaxRequestsInflight));
        services.AddSingleton<DiscoveryDocuments>();
        services.AddSingleton<DiscoveryEndpoints>();
        services.AddSingleton<OpenApiDocuments>();
        services.AddSingleton<OpenApiEndpoints>();
        services.AddSingleton<ApiSchemas>();
        services.AddSingleton<ManagedFieldsRecorder>();
        services.AddSingleton<TableRenderer>();
        services.AddSingleton<ResponseRenderer>();
        services.AddSingleton<ObjectUpdater>();
        services.AddSingleton<GetHandler>();
        services.AddSingleton<ListHandler>();
        services.AddSingleton<WatchHandler>();
        services.AddSingleton<Admission.CreateAdmission>();
        services.AddSingleton<CreateHandler>();
        services.AddSingleton<UpdateHandler>();
        services.AddSingleton<PatchHandler>();
        services.AddSingleton<ServerSideApplyHandler>();
        services.AddSingleton<ObjectDeleter>();
        services.AddSingleton<DeleteHandler>();
        services.AddSingleton<ScaleHandler>();
        services.AddSingleton<BindingHandler>();
        services.AddSingleton<TokenRequestHandler>();
        services.AddSingleton<NamespaceFinalizeHandler>();
        services.AddSingleton(new Proxy.KubeletConnector(credentials.KubeletClientCertificate));
        services.AddSingleton<Proxy.PodConnectHandler>();
        services.AddSingleton<Proxy.NodeProxyHandler>();
        services.AddSingleton<ResourceDispatcher>();
        services.AddSingleton<ApiRouter>();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _compactor;
        await _app.StopAsync();
        _telemetry.Dispose(); // flushes OTLP while the meter is still alive
        await _app.DisposeAsync();
        _stop.Dispose();
    }
}
