using Cluster.Api.Core.V1;
using Cluster.Api.Discovery.V1;
using Cluster.Api.Meta.V1;
using LabelSelector = Cluster.Api.Selectors.LabelSelector;
using Cluster.Controllers.EndpointSlices;
using Cluster.Runtime.Client;
using Cluster.TestKit;

namespace Cluster.Controllers.Tests.Integration;

[Trait("tier", "integration")]
public sealed class EndpointSliceIntegrationTests(ControllerManagerFixture fixture) : IClassFixture<ControllerManagerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private ClusterClient Client => fixture.Cluster.Client;

    private static Pod PodOn(string ns, string name, string node) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new PodSpec { NodeName = node, Containers = [new Container { Name = "c", Image = "i", Ports = [new ContainerPort { Name = "http", ContainerPortValue = 8080 }] }] },
    };

    private async Task<IReadOnlyList<EndpointSlice>> SlicesAsync(string ns) =>
        (await Client.ListAsync<EndpointSlice>(ns, new ListOptions { LabelSelector = LabelSelector.FromSet(new Dictionary<string, string> { [EndpointSliceRules.ServiceNameLabel] = "web" }).ToString() })).Items;

    private async Task<int> ReadyEndpointsAsync(string ns) =>
        (await SlicesAsync(ns)).SelectMany(s => s.Endpoints ?? []).Count(e => e.Conditions?.Ready == true);

    [Fact]
    public async Task Slices_follow_the_pods_of_a_service_a_hundred_endpoints_at_most_and_go_with_it()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("eps");
        await Client.CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = ns },
            Spec = new ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "web" }, Ports = [new ServicePort { Name = "http", Port = 80, TargetPort = "http" }] },
        });
        await Eventually.TrueAsync(async () => (await SlicesAsync(ns)) is [var placeholder] && SlicePlanner.IsPlaceholder(placeholder, "IPv4"), Patience, "an empty placeholder slice");

        await Task.WhenAll(Enumerable.Range(0, 120).Select(i => Client.CreateAsync(PodOn(ns, $"p{i}", $"hollow-node-{i % 3}"))));
        await Eventually.TrueAsync(async () => await ReadyEndpointsAsync(ns) == 120, Patience, "120 ready endpoints");
        var slices = await SlicesAsync(ns);
        Assert.Equal(2, slices.Count);
        Assert.All(slices, s => Assert.True(s.Endpoints!.Count <= 100));
        Assert.All(slices, s => Assert.Equal(8080, s.Ports!.Single().Port));
        Assert.All(slices, s => Assert.Equal("Service", s.Metadata!.OwnerReferences!.Single().Kind));

        await Client.DeleteAsync<Pod>(new(ns, "p0"), new DeleteOptions { GracePeriodSeconds = 0 });
        await Eventually.TrueAsync(async () => await ReadyEndpointsAsync(ns) == 119 && (await SlicesAsync(ns)).SelectMany(s => s.Endpoints ?? []).All(e => e.TargetRef!.Name != "p0"),
            Patience, "the deleted pod leaves its slice");

        await Client.DeleteAsync<Service>(new(ns, "web"));
        await Eventually.TrueAsync(async () => (await SlicesAsync(ns)).Count == 0, Patience, "the slices go with the service");
    }

    [Fact]
    public async Task Slices_of_other_managers_and_services_without_a_selector_are_left_alone()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("eps-manual");
        await Client.CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = ns },
            Spec = new ServiceSpec { Ports = [new ServicePort { Port = 80 }] },
        });
        await Client.CreateAsync(new EndpointSlice
        {
            Metadata = new ObjectMeta { Name = "web-manual", Namespace = ns, Labels = new Dictionary<string, string> { [EndpointSliceRules.ServiceNameLabel] = "web" } },
            AddressType = "IPv4",
            Endpoints = [new Endpoint { Addresses = ["192.0.2.10"] }],
        });
        await Client.CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Name = "probe", Namespace = ns },
            Spec = new ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "none" }, Ports = [new ServicePort { Port = 80 }] },
        });
        // once the selector service's placeholder exists, the controller has been through this namespace
        await Eventually.TrueAsync(async () => (await Client.ListAsync<EndpointSlice>(ns)).Items.Any(s => s.Metadata!.GenerateName == "probe-"), Patience, "the probe service's placeholder");
        var manual = Assert.Single(await SlicesAsync(ns));
        Assert.Equal("web-manual", manual.Metadata!.Name);
        Assert.Equal("192.0.2.10", manual.Endpoints!.Single().Addresses![0]);
    }
}
