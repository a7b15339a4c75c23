using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Client;
using Cluster.TestKit;

namespace Cluster.Controllers.Tests.Integration;

[Trait("tier", "integration")]
public sealed class EndpointsIntegrationTests(ControllerManagerFixture fixture) : IClassFixture<ControllerManagerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private ClusterClient Client => fixture.Cluster.Client;

    private static Pod PodOn(string ns, string name, string? node) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new PodSpec { NodeName = node, Containers = [new Container { Name = "c", Image = "i", Ports = [new ContainerPort { Name = "http", ContainerPortValue = 8080 }] }] },
    };

    private async Task<IReadOnlyList<string>> ReadyIpsAsync(string ns) =>
        await Client.FindAsync<Cluster.Api.Core.V1.Endpoints>(new(ns, "web")) is { } e
            ? [.. (e.Subsets ?? []).SelectMany(s => s.Addresses ?? []).Select(a => a.Ip!).Order(StringComparer.Ordinal)]
            : [];

    [Fact]
    public async Task Endpoints_follow_the_pods_of_a_service_and_go_with_it()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("ep");
        await Client.CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = ns },
            Spec = new ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "web" }, Ports = [new ServicePort { Name = "http", Port = 80, TargetPort = "http" }] },
        });
        await Client.CreateAsync(PodOn(ns, "a", "hollow-node-0"));
        await Client.CreateAsync(PodOn(ns, "b", "hollow-node-1"));
        await Client.CreateAsync(PodOn(ns, "unscheduled", null));
        await Eventually.TrueAsync(async () => (await ReadyIpsAsync(ns)).Count == 2, Patience, "two ready addresses");
        var endpoints = await Client.GetAsync<Cluster.Api.Core.V1.Endpoints>(new(ns, "web"));
        Assert.Equal(8080, endpoints.Subsets![0].Ports![0].Port);

        await Client.DeleteAsync<Pod>(new(ns, "a"));
        await Eventually.TrueAsync(async () => (await ReadyIpsAsync(ns)).Count == 1, Patience, "one address after a pod went");

        await Client.DeleteAsync<Service>(new(ns, "web"));
        await Eventually.TrueAsync(async () => await Client.FindAsync<Cluster.Api.Core.V1.Endpoints>(new(ns, "web")) is null, Patience, "the endpoints go with the service");
    }
}
