using Cluster.Api;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Client;
using Cluster.TestKit;

namespace Cluster.Controllers.Tests.Integration;

/// <summary>Custom resources as owners and dependents, of a CRD created while the garbage collector already runs.</summary>
[Trait("tier", "integration")]
public sealed class CustomResourceGarbageCollectionIntegrationTests(ControllerManagerFixture fixture) : IClassFixture<ControllerManagerFixture>
{
    // Well inside the collector's periodic rediscovery: a new CRD must be followed because it changed, not because time passed.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40); // a new CRD reaches the collector by rediscovery

    private static readonly KindInfo Widget = new("gc.example.dev", "v1", "Widget", "widgets", true);

    private const string WidgetCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.gc.example.dev}
        spec:
          group: gc.example.dev
          scope: Namespaced
          names: {plural: widgets, singular: widget, kind: Widget}
          versions:
          - name: v1
            served: true
            storage: true
            schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
        """;

    private ClusterClient Client => fixture.Cluster.Client;

    private static string Owners(params IKubernetesObject[] owners) => string.Join(",", owners.Select(o =>
        $$"""{"apiVersion":"{{o.ApiVersion}}","kind":"{{o.Kind}}","name":"{{o.Metadata!.Name}}","uid":"{{o.Metadata.Uid}}","blockOwnerDeletion":true}"""));

    private async Task<DynamicObject> WidgetAsync(string ns, string name, params IKubernetesObject[] owners) =>
        (await fixture.Cluster.ApplyYamlAsync($$$"""{"apiVersion":"gc.example.dev/v1","kind":"Widget","metadata":{"name":"{{{name}}}","ownerReferences":[{{{Owners(owners)}}}]},"spec":{"size":1}}""", ns)).Single();

    [Fact]
    public async Task Custom_resources_are_collected_as_owners_and_as_dependents_in_every_propagation()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("crgc");
        await fixture.Cluster.ApplyYamlAsync(WidgetCrd);
        var widgets = Client.Dynamic(Widget);

        // A custom resource owning a config map (background).
        var owner = await WidgetAsync(ns, "owner");
        await Client.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "owned", Namespace = ns, OwnerReferences = [Reference(owner)] } });
        await widgets.DeleteAsync(new(ns, "owner"));
        await Eventually.TrueAsync(async () => await Client.FindAsync<ConfigMap>(new(ns, "owned")) is null, Patience, "the widget's config map collected");

        // A config map owning a custom resource (foreground: the owner waits for it).
        var map = await Client.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "map", Namespace = ns } });
        await WidgetAsync(ns, "child", map with { ApiVersion = "v1", Kind = "ConfigMap" });
        await Client.DeleteAsync<ConfigMap>(new(ns, "map"), new DeleteOptions { PropagationPolicy = "Foreground" });
        await Eventually.TrueAsync(async () => await widgets.FindAsync(new(ns, "child")) is null && await Client.FindAsync<ConfigMap>(new(ns, "map")) is null,
            Patience, "the widget and then its config map owner gone");

        // Orphan: a custom resource owner leaves its custom resource dependent alone.
        var parent = await WidgetAsync(ns, "parent");
        await WidgetAsync(ns, "kept", parent);
        await widgets.DeleteAsync(new(ns, "parent"), new DeleteOptions { PropagationPolicy = "Orphan" });
        await Eventually.TrueAsync(async () => await widgets.FindAsync(new(ns, "parent")) is null, Patience, "the orphaning widget goes");
        var kept = await widgets.GetAsync(new(ns, "kept"));
        Assert.Null(kept.Metadata!.OwnerReferences);
    }

    private static OwnerReference Reference(DynamicObject owner) =>
        new() { ApiVersion = owner.ApiVersion, Kind = owner.Kind, Name = owner.Metadata!.Name, Uid = owner.Metadata.Uid };
}
