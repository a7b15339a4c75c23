using System.Net;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Controllers.Dns;
using Cluster.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Network.Bench;

/// <summary>
/// dns_qps and dns_p99_ms: an in-process API server with N Services (cluster IPs allocated by the server), cluster DNS
/// on loopback as <c>cluster server</c> runs it (its own informers), and <see cref="DnsLoad"/> asking for the services'
/// names (A records) from closed-loop UDP clients in the same process.
/// </summary>
internal static class DnsBench
{
    private const string Ns = "dnsbench";

    public static async Task<DnsLoad.Result> MeasureAsync(int services, int concurrency, TimeSpan duration)
    {
        await using var cluster = await TestCluster.StartAsync();
        var client = cluster.Client;
        await client.CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = Ns } });
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < services; i = Interlocked.Increment(ref next))
            {
                await client.CreateAsync(new Service
                {
                    Metadata = new ObjectMeta { Name = $"svc-{i}", Namespace = Ns },
                    Spec = new ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = $"app-{i}" }, Ports = [new ServicePort { Name = "http", Port = 80 }] },
                });
            }
        }));

        await using var dns = await ClusterDns.StartAsync(client, new ClusterDnsOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            NodeName = "dns-bench",
            Upstreams = [],
        }, NullLoggerFactory.Instance);
        var names = Enumerable.Range(0, services).Select(i => $"svc-{i}.{Ns}.svc.cluster.local").ToList();
        // Until its informers have synced the server answers SERVFAIL: wait for the last name to resolve.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await DnsLoad.RunAsync(dns.LocalEndPoint, [names[^1]], 1, TimeSpan.FromMilliseconds(50))).Answered == 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("cluster DNS did not answer for the services within 60 s");
        }

        await DnsLoad.RunAsync(dns.LocalEndPoint, names, concurrency, TimeSpan.FromSeconds(1)); // warm-up (JIT, tiering)
        return await DnsLoad.RunAsync(dns.LocalEndPoint, names, concurrency, duration);
    }
}
