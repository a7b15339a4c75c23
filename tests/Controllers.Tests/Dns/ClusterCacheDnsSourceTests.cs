using System.Net;
using Cluster.Api.Core.V1;
using Cluster.Api.Discovery.V1;
using Cluster.Api.Meta.V1;
using Cluster.Controllers.Dns;
using Cluster.Runtime.Builder;
using Cluster.Runtime.Informers;
using Cluster.Testing;

namespace Cluster.Controllers.Tests.Dns;

public sealed class ClusterCacheDnsSourceTests
{
    [Fact]
    public async Task A_service_created_through_the_API_is_answered_from_the_informer_cache()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var cluster = await TestCluster.StartAsync(ct: timeout.Token);
        var ns = await cluster.CreateNamespaceAsync();
        var created = await cluster.Client.CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = ns },
            Spec = new ServiceSpec { ClusterIP = "10.96.0.50", Ports = [new ServicePort { Name = "http", Port = 80 }] },
        });
        await using var informers = new SharedInformers(cluster.Client);
        informers.For<Service>();
        informers.For<EndpointSlice>();
        informers.Start();
        await informers.WaitForSyncAsync(timeout.Token);
        await using var server = new DnsServer(
            new ClusterCacheDnsSource(new ClusterCache(informers)),
            new DnsServerOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), Upstreams = [] });

        var reply = await DnsClient.UdpAsync(server.Start(), DnsClient.Query($"web.{ns}.svc.cluster.local", DnsType.A));

        Assert.Equal(DnsRcode.NoError, reply.Rcode);
        Assert.Equal(IPAddress.Parse(created.Spec?.ClusterIP ?? "missing"), ((AddressData)Assert.Single(reply.Answers).Data).Address);
    }
}
