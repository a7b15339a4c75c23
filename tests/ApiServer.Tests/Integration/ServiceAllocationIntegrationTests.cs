using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cluster.ApiServer.ServiceNetworking;
using Cluster.ApiServer.Storage;
using Cluster.Store;
using Cluster.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.ApiServer.Tests.Integration;

/// <summary>Cluster IPs and node ports: allocated on create, honoured when asked for, refused when taken or out of range, released on delete, repaired.</summary>
[Trait("tier", "integration")]
public sealed class ServiceAllocationIntegrationTests(InProcessServer server) : IClassFixture<InProcessServer>
{
    private static readonly ServiceIpRange Range = ServiceIpRange.Parse(ServiceIpRange.Default);

    private static string ServiceJson(string name, string spec) =>
        $$$"""{"apiVersion":"v1","kind":"Service","metadata":{"name":"{{{name}}}"},"spec":{{{spec}}}}""";

    private const string WebPorts = "\"ports\":[{\"name\":\"http\",\"port\":80,\"targetPort\":8080},{\"name\":\"dns\",\"port\":53,\"protocol\":\"UDP\"}]";

    private Task<(HttpStatusCode Code, JsonNode? Body, HttpResponseMessage Response)> CreateAsync(string ns, string name, string spec, string query = "") =>
        server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/services{query}", ServiceJson(name, spec));

    private static string Cause(JsonNode? status) =>
        $"{status?["details"]?["causes"]?[0]?["field"]}: {status?["details"]?["causes"]?[0]?["message"]}";

    private IKeyValueStore Store => server.Host.Services.GetRequiredService<ObjectStorage>().Store;

    private async Task<string?> ClaimHolderAsync(string key)
    {
        var read = await Store.RangeAsync(new RangeRequest(Encoding.UTF8.GetBytes(key)));
        return read.Kvs.Count == 0 ? null : Encoding.UTF8.GetString(read.Kvs[0].Value.Span);
    }

    [Fact]
    public async Task A_new_service_gets_a_free_cluster_ip_from_the_range_and_node_ports_from_theirs()
    {
        var ns = await server.NamespaceAsync();
        var (code, body, _) = await CreateAsync(ns, "web", $$"""{"type":"NodePort","selector":{"app":"web"},{{WebPorts}}}""");
        Assert.Equal(HttpStatusCode.Created, code);
        var ip = IPAddress.Parse((string)body!["spec"]!["clusterIP"]!);
        Assert.True(Range.OffsetOf(ip) >= Range.StaticBand, $"{ip} comes from above the static band");
        Assert.Equal(ip.ToString(), (string)body["spec"]!["clusterIPs"]![0]!);
        var nodePorts = body["spec"]!["ports"]!.AsArray().Select(p => (int)p!["nodePort"]!).ToList();
        Assert.All(nodePorts, p => Assert.InRange(p, 30000, 32767));
        Assert.Equal(2, nodePorts.Distinct().Count());
        Assert.Equal($"{ns}/web", await ClaimHolderAsync(ServiceClaims.IpKey(ip)));
        Assert.Equal($"{ns}/web", await ClaimHolderAsync(ServiceClaims.NodePortKey(nodePorts[0])));

        var (_, got, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/services/web");
        Assert.Equal(ip.ToString(), (string)got!["spec"]!["clusterIP"]!);
    }

    [Fact]
    public async Task A_requested_cluster_ip_is_honoured_and_refused_with_422_while_another_service_holds_it()
    {
        var ns = await server.NamespaceAsync();
        var ip = Range.At(200).ToString();
        var (code, body, _) = await CreateAsync(ns, "first", $$"""{"clusterIP":"{{ip}}","ports":[{"port":80}]}""");
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal(ip, (string)body!["spec"]!["clusterIP"]!);

        (code, body, _) = await CreateAsync(ns, "second", $$"""{"clusterIP":"{{ip}}","ports":[{"port":80}]}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal($"spec.clusterIPs: Invalid value: []string{{\"{ip}\"}}: failed to allocate IP {ip}: provided IP is already allocated", Cause(body));

        // A dry run of the same request is refused the same way, and a dry run takes nothing.
        (code, body, _) = await CreateAsync(ns, "second", $$"""{"clusterIP":"{{ip}}","ports":[{"port":80}]}""", "?dryRun=All");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        var free = Range.At(201).ToString();
        (code, _, _) = await CreateAsync(ns, "dry", $$"""{"clusterIP":"{{free}}","ports":[{"port":80}]}""", "?dryRun=All");
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Null(await ClaimHolderAsync(ServiceClaims.IpKey(IPAddress.Parse(free))));

        // Deleting the holder releases the address.
        (code, _, _) = await server.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/services/first");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Null(await ClaimHolderAsync(ServiceClaims.IpKey(IPAddress.Parse(ip))));
        (code, _, _) = await CreateAsync(ns, "second", $$"""{"clusterIP":"{{ip}}","ports":[{"port":80}]}""");
        Assert.Equal(HttpStatusCode.Created, code);
    }

    [Theory]
    [InlineData("""{"clusterIP":"10.0.0.5","ports":[{"port":80}]}""",
        """spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12""")]
    [InlineData("""{"type":"NodePort","ports":[{"port":80,"nodePort":8080}]}""",
        "spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767")]
    public async Task Values_outside_the_ranges_are_refused_with_422(string spec, string cause)
    {
        var ns = await server.NamespaceAsync();
        var (code, body, _) = await CreateAsync(ns, "out", spec);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal(cause, Cause(body));
    }

    [Fact]
    public async Task A_requested_node_port_is_honoured_once_and_changing_type_allocates_and_releases_ports()
    {
        var ns = await server.NamespaceAsync();
        var (code, _, _) = await CreateAsync(ns, "np", """{"type":"NodePort","ports":[{"port":80,"nodePort":30080}]}""");
        Assert.Equal(HttpStatusCode.Created, code);
        var (conflict, body, _) = await CreateAsync(ns, "np2", """{"type":"NodePort","ports":[{"port":80,"nodePort":30080}]}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, conflict);
        Assert.Equal("spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated", Cause(body));

        // ClusterIP -> NodePort picks a port; NodePort -> ClusterIP gives it back.
        (code, body, _) = await CreateAsync(ns, "flip", """{"ports":[{"port":80}]}""");
        Assert.Equal(HttpStatusCode.Created, code);
        var ip = (string)body!["spec"]!["clusterIP"]!;
        (code, body, _) = await server.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/services/flip", """{"spec":{"type":"NodePort"}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, code);
        var port = (int)body!["spec"]!["ports"]![0]!["nodePort"]!;
        Assert.Equal(ip, (string)body["spec"]!["clusterIP"]!);
        Assert.Equal($"{ns}/flip", await ClaimHolderAsync(ServiceClaims.NodePortKey(port)));
        (code, body, _) = await server.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/services/flip",
            """{"spec":{"type":"ClusterIP","ports":[{"port":80,"targetPort":80,"protocol":"TCP","nodePort":null}]}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Null(body!["spec"]!["ports"]![0]!["nodePort"]);
        Assert.Null(await ClaimHolderAsync(ServiceClaims.NodePortKey(port)));

        // ClusterIP -> ExternalName gives the address back.
        (code, _, _) = await server.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/services/flip",
            """{"spec":{"type":"ExternalName","externalName":"example.com","clusterIP":"","clusterIPs":null}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Null(await ClaimHolderAsync(ServiceClaims.IpKey(IPAddress.Parse(ip))));
    }

    [Fact]
    public async Task Concurrent_creates_get_distinct_addresses_and_ports()
    {
        var ns = await server.NamespaceAsync();
        var created = await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
        {
            var (code, body, _) = await CreateAsync(ns, $"svc-{i}", """{"type":"NodePort","ports":[{"port":80}]}""");
            Assert.Equal(HttpStatusCode.Created, code);
            return ((string)body!["spec"]!["clusterIP"]!, (int)body["spec"]!["ports"]![0]!["nodePort"]!);
        }));
        Assert.Equal(60, created.Select(c => c.Item1).Distinct().Count());
        Assert.Equal(60, created.Select(c => c.Item2).Distinct().Count());
    }

    [Fact]
    public async Task Headless_and_external_name_services_hold_no_address()
    {
        var ns = await server.NamespaceAsync();
        var (code, body, _) = await CreateAsync(ns, "headless", """{"clusterIP":"None","selector":{"app":"db"},"ports":[{"port":5432}]}""");
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal("None", (string)body!["spec"]!["clusterIP"]!);
        (code, body, _) = await CreateAsync(ns, "ext", """{"type":"ExternalName","externalName":"db.example.com"}""");
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Null(body!["spec"]!["clusterIP"]);
    }

    [Fact]
    public async Task The_kubernetes_service_holds_the_first_address_and_its_endpoints_name_the_server()
    {
        await Eventually.TrueAsync(async () => (await server.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/endpoints/kubernetes")).Code == HttpStatusCode.OK,
            TimeSpan.FromSeconds(10), "the kubernetes endpoints");
        var (_, svc, _) = await server.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/services/kubernetes");
        Assert.Equal("10.96.0.1", (string)svc!["spec"]!["clusterIP"]!);
        Assert.Equal(443, (int)svc["spec"]!["ports"]![0]!["port"]!);
        Assert.Equal(server.Host.Url.Port, (int)svc["spec"]!["ports"]![0]!["targetPort"]!);
        var (_, endpoints, _) = await server.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/endpoints/kubernetes");
        Assert.Equal(server.Host.Url.Port, (int)endpoints!["subsets"]![0]!["ports"]![0]!["port"]!);
        var (code, slice, _) = await server.SendAsync(HttpMethod.Get, "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/kubernetes");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("kubernetes", (string)slice!["metadata"]!["labels"]!["kubernetes.io/service-name"]!);

        // Reconciling again changes nothing.
        var reconciler = new KubernetesServiceReconciler(server.Host.Services.GetRequiredService<ApiServices>(), Range,
            IPAddress.Parse((string)endpoints["subsets"]![0]!["addresses"]![0]!["ip"]!), server.Host.Url.Port, NullLogger.Instance);
        await reconciler.ReconcileOnceAsync(CancellationToken.None);
        var (_, again, _) = await server.SendAsync(HttpMethod.Get, "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/kubernetes");
        Assert.Equal((string)slice["metadata"]!["resourceVersion"]!, (string)again!["metadata"]!["resourceVersion"]!);
        var (_, svcAgain, _) = await server.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/services/kubernetes");
        Assert.Equal((string)svc["metadata"]!["resourceVersion"]!, (string)svcAgain!["metadata"]!["resourceVersion"]!);

        // A changed port is put back; the user's other changes stay.
        var (patched, _, _) = await server.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/services/kubernetes",
            """{"metadata":{"labels":{"mine":"yes"}},"spec":{"ports":[{"name":"https","port":8443,"targetPort":1,"protocol":"TCP"}]}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, patched);
        await reconciler.ReconcileOnceAsync(CancellationToken.None);
        var (_, restored, _) = await server.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/services/kubernetes");
        Assert.Equal(443, (int)restored!["spec"]!["ports"]![0]!["port"]!);
        Assert.Equal(server.Host.Url.Port, (int)restored["spec"]!["ports"]![0]!["targetPort"]!);
        Assert.Equal("yes", (string)restored["metadata"]!["labels"]!["mine"]!);
    }

    [Fact]
    public async Task Repair_claims_what_services_use_without_a_claim_and_releases_leaked_claims()
    {
        var ns = await server.NamespaceAsync();
        var (_, body, _) = await CreateAsync(ns, "kept", """{"type":"NodePort","ports":[{"port":80}]}""");
        var ip = IPAddress.Parse((string)body!["spec"]!["clusterIP"]!);
        var port = (int)body["spec"]!["ports"]![0]!["nodePort"]!;
        // A claim lost (as in a store written before claims existed) and a claim leaked (held for a service that is gone).
        await Store.DeleteRangeAsync(new DeleteRangeRequest(Encoding.UTF8.GetBytes(ServiceClaims.IpKey(ip))));
        var leaked = Range.At(Range.Size - 3);
        await Store.PutAsync(new PutRequest(Encoding.UTF8.GetBytes(ServiceClaims.IpKey(leaked)), Encoding.UTF8.GetBytes($"{ns}/gone")));

        var repair = new ServiceAllocationRepair(Store, server.Host.Services.GetRequiredService<ApiServices>().Registry.Find("", "v1", "services")!,
            server.Host.Services.GetRequiredService<ServiceAllocator>(), TimeSpan.FromMinutes(3), NullLogger.Instance);
        var outcome = await repair.RepairOnceAsync(CancellationToken.None);
        Assert.True(outcome.ClaimsAdded >= 1 && outcome.LeaksReleased >= 1, outcome.ToString());
        Assert.Equal($"{ns}/kept", await ClaimHolderAsync(ServiceClaims.IpKey(ip)));
        Assert.Equal($"{ns}/kept", await ClaimHolderAsync(ServiceClaims.NodePortKey(port)));
        Assert.Null(await ClaimHolderAsync(ServiceClaims.IpKey(leaked)));

        // A second pass finds nothing to do.
        var second = await repair.RepairOnceAsync(CancellationToken.None);
        Assert.Equal(new ServiceAllocationRepair.Outcome(0, 0, 0), second);
    }
}
