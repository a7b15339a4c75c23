using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cluster.Store.Embedded;
using Cluster.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using static Cluster.ApiServer.Tests.Integration.CrdTestSupport;

namespace Cluster.ApiServer.Tests.Integration;

/// <summary>The life of a CRD: name conflicts, termination, and being served again after a restart or by another server.</summary>
[Trait("tier", "integration")]
public sealed class CustomResourceLifecycleIntegrationTests(InProcessServer server) : IClassFixture<InProcessServer>
{
    [Fact]
    public async Task A_crd_whose_kind_is_taken_in_its_group_is_not_accepted_nor_served()
    {
        var group = Group();
        await server.EstablishAsync(CustomResourceIntegrationTests.WidgetCrd(group), $"widgets.{group}");
        var clash = CustomResourceIntegrationTests.WidgetCrd(group).Replace("\"widgets", "\"gizmos").Replace("widgets.", "gizmos.")
            .Replace("\"widget\"", "\"gizmo\"").Replace("\"wdg\"", "\"gzm\"");
        var (code, body, _) = await server.SendAsync(HttpMethod.Post, CrdsPath, clash);
        Assert.True(code == HttpStatusCode.Created, body?.ToJsonString());

        JsonNode? crd = null;
        await Eventually.TrueAsync(async () =>
        {
            crd = (await server.SendAsync(HttpMethod.Get, $"{CrdsPath}/gizmos.{group}")).Body;
            return Condition(crd, "NamesAccepted") == "False";
        }, Patience, "the clash is reported");
        var accepted = ((JsonArray)crd!["status"]!["conditions"]!).First(c => (string?)c!["type"] == "NamesAccepted")!;
        Assert.Equal(("NameConflict", "\"Widget\" is already in use"), ((string?)accepted["reason"], (string?)accepted["message"]));
        Assert.Equal("False", Condition(crd, "Established"));
        Assert.Equal(HttpStatusCode.NotFound, (await server.SendAsync(HttpMethod.Get, $"/apis/{group}/v1/gizmos")).Code);
        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(HttpMethod.Get, $"/apis/{group}/v1/widgets")).Code);
    }

    [Fact]
    public async Task A_terminating_crd_loses_its_objects_refuses_creates_and_goes_when_its_finalizers_do()
    {
        var group = Group();
        var crd = (JsonObject)JsonNode.Parse(CustomResourceIntegrationTests.WidgetCrd(group))!;
        crd["metadata"]!["finalizers"] = new JsonArray("example.dev/hold"); // keeps the CRD, terminating, after its objects went
        var name = await server.EstablishAsync(crd.ToJsonString(), $"widgets.{group}");
        var ns = await server.NamespaceAsync();
        var path = $"/apis/{group}/v1/namespaces/{ns}/widgets";
        var widget = $$$"""{"apiVersion":"{{{group}}}/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":1}}""";
        Assert.Equal(HttpStatusCode.Created, (await server.SendAsync(HttpMethod.Post, path, widget)).Code);
        var (_, stored, _) = await server.SendAsync(HttpMethod.Get, $"{CrdsPath}/{name}");
        Assert.Contains("customresourcecleanup.apiextensions.k8s.io", stored!["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));

        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(HttpMethod.Delete, $"{CrdsPath}/{name}")).Code);
        await Eventually.TrueAsync(async () =>
        {
            var current = (await server.SendAsync(HttpMethod.Get, $"{CrdsPath}/{name}")).Body;
            return Condition(current, "Terminating") == "True"
                && current!["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f).SequenceEqual(["example.dev/hold"]);
        }, Patience, "the objects are deleted and the cleanup finalizer removed");
        var (_, list, _) = await server.SendAsync(HttpMethod.Get, path);
        Assert.Empty(list!["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await server.SendAsync(HttpMethod.Post, path, widget)).Code);

        await server.SendAsync(HttpMethod.Patch, $"{CrdsPath}/{name}", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
        await Eventually.TrueAsync(async () => (await server.SendAsync(HttpMethod.Get, $"{CrdsPath}/{name}")).Code == HttpStatusCode.NotFound, Patience, "the CRD is gone");
        await Eventually.TrueAsync(async () => (await server.SendAsync(HttpMethod.Get, path)).Code == HttpStatusCode.NotFound, Patience, "the resource is no longer served");
    }

    [Fact]
    public async Task Deleting_a_crd_waits_for_the_finalizers_of_its_objects()
    {
        var group = Group();
        var name = await server.EstablishAsync(CustomResourceIntegrationTests.WidgetCrd(group), $"widgets.{group}");
        var ns = await server.NamespaceAsync();
        var path = $"/apis/{group}/v1/namespaces/{ns}/widgets";
        Assert.Equal(HttpStatusCode.Created, (await server.SendAsync(HttpMethod.Post, path,
            $$$"""{"apiVersion":"{{{group}}}/v1","kind":"Widget","metadata":{"name":"held","finalizers":["example.dev/cleanup"]},"spec":{"size":1}}""")).Code);
        Assert.Equal(HttpStatusCode.Created, (await server.SendAsync(HttpMethod.Post, path,
            $$$"""{"apiVersion":"{{{group}}}/v1","kind":"Widget","metadata":{"name":"free"},"spec":{"size":1}}""")).Code);

        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(HttpMethod.Delete, $"{CrdsPath}/{name}")).Code);
        await Eventually.TrueAsync(async () =>
        {
            var held = (await server.SendAsync(HttpMethod.Get, $"{path}/held")).Body;
            return held?["metadata"]?["deletionTimestamp"] is not null && (await server.SendAsync(HttpMethod.Get, $"{path}/free")).Code == HttpStatusCode.NotFound;
        }, Patience, "the free object goes and the held one is marked for deletion");

        // The held object's controller still reaches it through the API while the CRD waits, terminating.
        var (_, crd, _) = await server.SendAsync(HttpMethod.Get, $"{CrdsPath}/{name}");
        Assert.Equal("True", Condition(crd, "Terminating"));
        Assert.Contains("customresourcecleanup.apiextensions.k8s.io", crd!["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));
        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(HttpMethod.Patch, $"{path}/held", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json")).Code);

        await Eventually.TrueAsync(async () => (await server.SendAsync(HttpMethod.Get, $"{CrdsPath}/{name}")).Code == HttpStatusCode.NotFound, Patience, "the CRD goes once its objects are finalized");
        await Eventually.TrueAsync(async () => (await server.SendAsync(HttpMethod.Get, path)).Code == HttpStatusCode.NotFound, Patience, "the resource is no longer served");
    }

    [Fact]
    public async Task Crds_and_their_objects_are_served_after_a_restart_and_by_another_server_on_the_same_store()
    {
        using var dir = new TempDirectory();
        await using var store = await EmbeddedStore.OpenAsync(new EmbeddedStoreOptions { DataDirectory = Path.Combine(dir.Path, "store") });
        var group = Group();
        var options = new ApiServerOptions { DataDirectory = dir.Path, Port = 0 };

        await using (var first = await ApiServerHost.StartAsync(options, store, NullLoggerFactory.Instance))
        {
            using var client = Client(first);
            Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, CrdsPath, CustomResourceIntegrationTests.WidgetCrd(group, "Cluster"))).StatusCode);
            await client.WaitEstablishedAsync($"widgets.{group}");
            Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, $"/apis/{group}/v1/widgets", $$$"""{"apiVersion":"{{{group}}}/v1","kind":"Widget","metadata":{"name":"kept"},"spec":{"size":4}}""")).StatusCode);
        }

        await using var second = await ApiServerHost.StartAsync(options, store, NullLoggerFactory.Instance);
        using var secondClient = Client(second);
        var kept = JsonNode.Parse(await secondClient.GetStringAsync(new Uri($"/apis/{group}/v1/widgets/kept", UriKind.Relative)));
        Assert.Equal(4, (int?)kept!["spec"]!["size"]); // served from the first request after the restart

        await using var third = await ApiServerHost.StartAsync(options with { DataDirectory = Path.Combine(dir.Path, "third") }, store, NullLoggerFactory.Instance);
        using var thirdClient = Client(third);
        var other = Group();
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(secondClient, CrdsPath, CustomResourceIntegrationTests.WidgetCrd(other))).StatusCode);
        await Eventually.TrueAsync(async () =>
        {
            using var response = await thirdClient.GetAsync(new Uri($"/apis/{other}/v1/widgets", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }, Patience, "a CRD created through one server is served by another sharing the store");
    }

    private static HttpClient Client(ApiServerHost host) => TrustingHttpClient.Create(host.Url, host.Credentials.CaPath, host.Credentials.AdminToken);

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json) =>
        client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));
}
