using System.Net;
using Cluster.Api.Core.V1;
using Cluster.Api.Discovery.V1;
using Cluster.Runtime.Builder;
using Cluster.Runtime.Client;
using Cluster.Runtime.Informers;
using Microsoft.Extensions.Logging;

namespace Cluster.Controllers.Dns;

/// <summary>
/// Cluster DNS as <c>cluster server</c> runs it: a <see cref="DnsServer"/> on UDP and TCP answering from its own
/// informers (Services, EndpointSlices, Namespaces), forwarding other names to the node's resolvers, and the kube-dns
/// Service plus this server's EndpointSlice kept pointing at it (<see cref="KubeDnsPublisher"/>). Its informers are its
/// own rather than the controller manager's: that runtime is absent with --disable-controllers and is rebuilt after a
/// failure or a lost lease, and DNS must answer throughout.
/// </summary>
public sealed partial class ClusterDns : IAsyncDisposable
{
    private readonly SharedInformers _informers;
    private readonly DnsServer _server;
    private readonly KubeDnsPublisher _publisher;

    private readonly ClusterClient _client;
    private readonly string _nodeName;

    private ClusterDns(SharedInformers informers, DnsServer server, KubeDnsPublisher publisher, ClusterClient client, string nodeName)
    {
        (_informers, _server, _publisher, _client, _nodeName) = (informers, server, publisher, client, nodeName);
    }

    /// <summary>Where the server listens (UDP and TCP).</summary>
    public IPEndPoint LocalEndPoint => _server.LocalEndPoint;

    /// <summary>Binds the server (a <see cref="System.Net.Sockets.SocketException"/> when it cannot) and starts its informers; queries answer SERVFAIL until they sync.</summary>
    public static async Task<ClusterDns> StartAsync(ClusterClient client, ClusterDnsOptions options, ILoggerFactory loggers, TimeProvider? time = null)
    {
        if (options.Listen.Address.Equals(IPAddress.Any) || options.Listen.Address.Equals(IPAddress.IPv6Any))
            throw new ArgumentException("cluster DNS listens on one address, the one its EndpointSlice advertises; not on the wildcard", nameof(options));
        var informers = new SharedInformers(client, time, loggers);
        var services = informers.For<Service>();
        var slices = informers.For<EndpointSlice>();
        var namespaces = informers.For<Namespace>();
        // Forwarding to ourselves (a node whose resolv.conf names its own address) would loop.
        var upstreams = (options.Upstreams ?? ResolvConf.Nameservers()).Where(u => !u.Equals(options.Listen)).ToList();
        var server = new DnsServer(new ClusterCacheDnsSource(new ClusterCache(informers), namespaces: true,
            () => $"{services.ResourceVersion}/{slices.ResourceVersion}/{namespaces.ResourceVersion}"), new DnsServerOptions
        {
            Listen = options.Listen,
            ClusterDomain = options.ClusterDomain,
            Upstreams = upstreams,
        });
        IPEndPoint bound;
        try
        {
            bound = server.Start();
        }
        catch
        {
            await server.DisposeAsync();
            await informers.DisposeAsync();
            throw;
        }
        informers.Start();
        var logger = loggers.CreateLogger("Cluster.Controllers.Dns");
        LogServing(logger, bound.ToString(), options.ClusterDomain, upstreams.Count == 0 ? "(none: SERVFAIL)" : string.Join(", ", upstreams));
        return new ClusterDns(informers, server, new KubeDnsPublisher(client, informers, options, bound, time ?? TimeProvider.System, logger), client, options.NodeName);
    }

    /// <summary>
    /// Serves DNS and keeps the kube-dns objects until <paramref name="ct"/> fires. While the port is taken (another DNS
    /// server on the node) it says so and tries again every <see cref="ClusterDnsOptions.MaxRetryDelay"/>.
    /// </summary>
    public static async Task RunAsync(ClusterClient client, ClusterDnsOptions options, ILoggerFactory loggers, CancellationToken ct)
    {
        ClusterDns dns;
        while (true)
        {
            try
            {
                dns = await StartAsync(client, options, loggers);
                break;
            }
            catch (System.Net.Sockets.SocketException e)
            {
                LogCannotListen(loggers.CreateLogger("Cluster.Controllers.Dns"), options.Listen.ToString(), e.Message, options.MaxRetryDelay);
                await Task.Delay(options.MaxRetryDelay, ct);
            }
        }
        await using (dns)
        {
            await dns.PublishAsync(ct);
            await dns.WithdrawAsync(options.DrainDelay);
        }
    }

    /// <summary>
    /// Leaves the rotation before stopping: deletes this server's EndpointSlice, then keeps answering for
    /// <paramref name="drain"/> while the service proxies stop sending queries here (a restart loses none).
    /// </summary>
    public async Task WithdrawAsync(TimeSpan drain)
    {
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _client.DeleteAsync<EndpointSlice>(new Runtime.ObjectKey(KubeDnsObjects.Namespace, KubeDnsObjects.SliceName(_nodeName)), ct: bounded.Token);
        }
        catch (Exception e) when (e is Runtime.Client.Errors.ApiException or HttpRequestException or OperationCanceledException)
        {
            return; // the API is gone or the slice with it: nothing routes here through it any more either way
        }

        await Task.Delay(drain);
    }

    /// <summary>Keeps the kube-dns Service and this server's EndpointSlice pointing at <see cref="LocalEndPoint"/> until <paramref name="ct"/> fires.</summary>
    public Task PublishAsync(CancellationToken ct) => _publisher.RunAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _informers.DisposeAsync();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "cluster DNS cannot listen on {Endpoint} ({Error}); trying again in {Delay} (--dns-port picks another port, --disable-dns turns it off)")]
    private static partial void LogCannotListen(ILogger logger, string endpoint, string error, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "cluster DNS serving {Endpoint} (UDP and TCP) for {Domain}; other names go to {Upstreams}")]
    private static partial void LogServing(ILogger logger, string endpoint, string domain, string upstreams);
}
