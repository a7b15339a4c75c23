using System.Text;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Client;
using Cluster.Runtime.Client.Errors;

namespace Cluster.Runtime.Tests.Client;

[Trait("tier", "integration")]
public sealed class PodBindingsIntegrationTests(TestClusterFixture fixture) : IClassFixture<TestClusterFixture>
{
    private ClusterClient Client => fixture.Cluster.Client;

    private async Task<Pod> PodAsync(string ns, string name) =>
        await Client.CreateAsync(new Pod { Metadata = new ObjectMeta { Name = name, Namespace = ns }, Spec = new PodSpec { Containers = [new Container { Name = "c", Image = "i" }] } });

    [Fact]
    public async Task Binding_sets_the_node_and_the_pod_scheduled_condition()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        var pod = await PodAsync(ns, "a");
        await Client.BindAsync(pod, "node-1");
        var bound = await Client.GetAsync<Pod>(new(ns, "a"));
        Assert.Equal("node-1", bound.Spec!.NodeName);
        Assert.Equal("True", bound.Status!.Conditions!.Single(c => c.Type == "PodScheduled").Status);
    }

    [Fact]
    public async Task Binding_merges_its_annotations_into_the_pod_and_records_no_managed_fields_as_upstream()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        var created = await PodAsync(ns, "an");
        var body = """{"kind":"Binding","apiVersion":"v1","metadata":{"name":"an","annotations":{"placed-by":"test"}},"target":{"kind":"Node","name":"node-1"}}""";
        await Client.Resource<Pod>().PostSubresourceAsync(new(ns, "an"), "binding", Encoding.UTF8.GetBytes(body));

        var bound = await Client.GetAsync<Pod>(new(ns, "an"));
        Assert.Equal("test", bound.Metadata!.Annotations!["placed-by"]);
        Assert.Equal("node-1", bound.Spec!.NodeName);
        Assert.Equal(created.Metadata!.ManagedFields!.Select(e => e.Manager), bound.Metadata.ManagedFields!.Select(e => e.Manager));
    }

    [Fact]
    public async Task A_binding_with_a_malformed_annotation_is_invalid_and_binds_nothing()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        await PodAsync(ns, "bad");
        var body = """{"kind":"Binding","apiVersion":"v1","metadata":{"name":"bad","annotations":{"-not a key-":"x"}},"target":{"name":"node-1"}}""";
        await Assert.ThrowsAsync<InvalidException>(() => Client.Resource<Pod>().PostSubresourceAsync(new(ns, "bad"), "binding", Encoding.UTF8.GetBytes(body)));
        Assert.Null((await Client.GetAsync<Pod>(new(ns, "bad"))).Spec!.NodeName);
    }

    [Fact]
    public async Task A_bound_pod_or_a_pod_with_another_uid_is_a_conflict()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        var pod = await PodAsync(ns, "a");
        await Client.BindAsync(pod, "node-1");
        var again = await Assert.ThrowsAsync<ConflictException>(() => Client.BindAsync(pod, "node-2"));
        Assert.Contains("already assigned to node \"node-1\"", again.Message, StringComparison.Ordinal);

        var other = await PodAsync(ns, "b");
        var stale = other with { Metadata = other.Metadata! with { Uid = "0b9e4c1e-0000-0000-0000-000000000000" } };
        var precondition = await Assert.ThrowsAsync<ConflictException>(() => Client.BindAsync(stale, "node-1"));
        Assert.Contains("Precondition failed: UID in precondition", precondition.Message, StringComparison.Ordinal);
        Assert.Null((await Client.GetAsync<Pod>(new(ns, "b"))).Spec!.NodeName);
    }

    [Theory]
    [InlineData("""{"kind":"Binding","apiVersion":"v1","metadata":{"name":"c"},"target":{}}""", typeof(InvalidException))]
    [InlineData("""{"kind":"Binding","apiVersion":"v1","metadata":{"name":"c"},"target":{"kind":"Pod","name":"x"}}""", typeof(InvalidException))]
    [InlineData("""{"kind":"Binding","apiVersion":"v1","metadata":{"name":"other"},"target":{"name":"n"}}""", typeof(BadRequestException))]
    [InlineData("""{"kind":"Binding","apiVersion":"v1",""", typeof(BadRequestException))]
    public async Task Malformed_bindings_are_refused_with_kubernetes_errors(string body, Type error)
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        await PodAsync(ns, "c");
        var e = await Assert.ThrowsAnyAsync<ApiException>(() => Client.Resource<Pod>().PostSubresourceAsync(new(ns, "c"), "binding", Encoding.UTF8.GetBytes(body)));
        Assert.IsType(error, e);
    }
}
