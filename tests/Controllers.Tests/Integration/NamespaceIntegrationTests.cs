using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Client;
using Cluster.Runtime.Client.Errors;
using Cluster.TestKit;

namespace Cluster.Controllers.Tests.Integration;

[Trait("tier", "integration")]
public sealed class NamespaceIntegrationTests(ControllerManagerFixture fixture) : IClassFixture<ControllerManagerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private const string GadgetCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: gadgets.ns.example.dev}
        spec:
          group: ns.example.dev
          scope: Namespaced
          names: {plural: gadgets, singular: gadget, kind: Gadget}
          versions:
          - name: v1
            served: true
            storage: true
            schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
        """;

    [Fact]
    public async Task Deleting_a_namespace_deletes_everything_in_it_custom_resources_included_and_a_held_custom_resource_keeps_it_until_released()
    {
        var cluster = fixture.Cluster;
        var client = cluster.Client;
        await cluster.ApplyYamlAsync(GadgetCrd);
        var ns = await cluster.CreateNamespaceAsync("doomed");
        for (var i = 0; i < 5; i++) await client.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = $"cm-{i}", Namespace = ns } });
        await client.CreateAsync(new Secret { Metadata = new ObjectMeta { Name = "s", Namespace = ns }, StringData = new Dictionary<string, string> { ["k"] = "v" } });
        await client.CreateAsync(new Service { Metadata = new ObjectMeta { Name = "web", Namespace = ns }, Spec = new ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "web" }, Ports = [new ServicePort { Port = 80 }] } });
        await client.CreateAsync(new Pod { Metadata = new ObjectMeta { Name = "running", Namespace = ns }, Spec = new PodSpec { NodeName = "hollow-node-1", Containers = [new Container { Name = "c", Image = "i" }] } });
        await cluster.ApplyYamlAsync("""{"apiVersion":"ns.example.dev/v1","kind":"Gadget","metadata":{"name":"g"},"spec":{"size":1}}""", ns);
        await cluster.ApplyYamlAsync("""{"apiVersion":"ns.example.dev/v1","kind":"Gadget","metadata":{"name":"held","finalizers":["example.dev/hold"]},"spec":{"size":2}}""", ns);
        var gadgets = client.Dynamic(new Api.KindInfo("ns.example.dev", "v1", "Gadget", "gadgets", true));

        await client.DeleteAsync<Namespace>(new("", ns));
        await Eventually.TrueAsync(async () => (await client.GetAsync<Namespace>(new("", ns))).Status?.Conditions is { } conditions
            && conditions.Any(c => c is { Type: "NamespaceContentRemaining", Status: "True", Reason: "SomeResourcesRemain" } && c.Message == "Some resources are remaining: gadgets.ns.example.dev has 1 resource instances")
            && conditions.Any(c => c is { Type: "NamespaceFinalizersRemaining", Status: "True", Reason: "SomeFinalizersRemain" } && c.Message == "Some content in the namespace has finalizers remaining: example.dev/hold in 1 resource instances"),
            Patience, "only the held gadget remains, and the namespace says so");
        Assert.Equal(["held"], (await gadgets.ListAsync(ns)).Items.Select(g => g.Metadata!.Name));
        Assert.Empty((await client.ListAsync<ConfigMap>(ns)).Items);
        Assert.Empty((await client.ListAsync<Secret>(ns)).Items);
        Assert.Empty((await client.ListAsync<Service>(ns)).Items);
        Assert.Empty((await client.ListAsync<Pod>(ns)).Items);
        Assert.Equal("Terminating", (await client.GetAsync<Namespace>(new("", ns))).Status?.Phase);
        var refused = await Assert.ThrowsAsync<ForbiddenException>(() => client.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "late", Namespace = ns } }));
        Assert.Contains("because it is being terminated", refused.Message, StringComparison.Ordinal);

        await gadgets.PatchAsync(new(ns, "held"), Patch.Merge("""{"metadata":{"finalizers":null}}"""));
        await Eventually.TrueAsync(async () => await client.FindAsync<Namespace>(new("", ns)) is null, Patience, "the namespace is gone");
    }
}
