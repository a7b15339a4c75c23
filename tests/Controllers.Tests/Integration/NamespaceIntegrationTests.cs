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
    public async Task Deleting_a_namespace_deletes_everything_in_it_custom_resources_included_and_waits_for_finalizers()
    {
        var cluster = fixture.Cluster;
        var client = cluster.Client;
        await cluster.ApplyYamlAsync(GadgetCrd);
        var ns = await cluster.CreateNamespaceAsync("doomed");
        for (var i = 0; i < 5; i++) await client.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = $"cm-{i}", Namespace = ns } });
        await client.CreateAsync(new Secret { Metadata = new ObjectMeta { Name = "s", Namespace = ns }, StringData = new Dictionary<string, string> { ["k"] = "v" } });
        await client.CreateAsync(new Pod { Metadata = new ObjectMeta { Name = "running", Namespace = ns }, Spec = new PodSpec { NodeName = "hollow-node-1", Containers = [new Container { Name = "c", Image = "i" }] } });
        await client.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "held", Namespace = ns, Finalizers = ["example.dev/hold"] } });
        await cluster.ApplyYamlAsync("""{"apiVersion":"ns.example.dev/v1","kind":"Gadget","metadata":{"name":"g"},"spec":{"size":1}}""", ns);
        var gadgets = client.Dynamic(new Api.KindInfo("ns.example.dev", "v1", "Gadget", "gadgets", true));

        await client.DeleteAsync<Namespace>(new("", ns));
        await Eventually.TrueAsync(async () => (await client.GetAsync<Namespace>(new("", ns))).Status?.Conditions?
            .Any(c => c.Type == "NamespaceFinalizersRemaining" && c.Status == "True" && c.Message!.Contains("example.dev/hold in 1 resource instances", StringComparison.Ordinal)) == true,
            Patience, "only the held config map remains, and the namespace says so");
        Assert.Equal(["held"], (await client.ListAsync<ConfigMap>(ns)).Items.Where(c => c.Metadata!.Name != "kube-root-ca.crt").Select(c => c.Metadata!.Name));
        Assert.Empty((await client.ListAsync<Secret>(ns)).Items);
        Assert.Empty((await client.ListAsync<Pod>(ns)).Items);
        Assert.Empty((await gadgets.ListAsync(ns)).Items);
        await Assert.ThrowsAsync<ForbiddenException>(() => client.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "late", Namespace = ns } }));

        await client.PatchAsync<ConfigMap>(new(ns, "held"), Patch.Merge("""{"metadata":{"finalizers":null}}"""));
        await Eventually.TrueAsync(async () => await client.FindAsync<Namespace>(new("", ns)) is null, Patience, "the namespace is gone");
    }
}
