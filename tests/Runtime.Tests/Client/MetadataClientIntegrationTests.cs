using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Api;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Client;

namespace Cluster.Runtime.Tests.Client;

/// <summary>A metadata-only client asks the server for PartialObjectMetadata and still sees objects of its own kind.</summary>
[Trait("tier", "integration")]
public sealed class MetadataClientIntegrationTests(TestClusterFixture fixture) : IClassFixture<TestClusterFixture>
{
    private static readonly KindInfo ConfigMaps = new("", "v1", "ConfigMap", "configmaps", true);

    /// <summary>Reads as <see cref="MetadataOnlyCodec"/> does, noting the kind each object had on the wire.</summary>
    private sealed class WireKinds(MetadataOnlyCodec inner) : ObjectCodec<DynamicObject>(inner.Kind)
    {
        public List<string?> Seen { get; } = [];

        public override string? ObjectAccept => inner.ObjectAccept;

        public override string? ListAccept => inner.ListAccept;

        public override DynamicObject Read(ref Utf8JsonReader reader)
        {
            var copy = reader;
            lock (Seen) Seen.Add((string?)JsonNode.Parse(ref copy)!["kind"]);
            return inner.Read(ref reader);
        }

        public override byte[] Write(DynamicObject value) => inner.Write(value);
    }

    private async Task<string> MapAsync(string name)
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        await fixture.Cluster.Client.CreateAsync(new ConfigMap
        {
            Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = new Dictionary<string, string> { ["app"] = "x" } },
            Data = new Dictionary<string, string> { ["big"] = "payload" },
        });
        return ns;
    }

    [Fact]
    public async Task Gets_lists_and_watches_cross_the_wire_as_PartialObjectMetadata_and_read_as_their_kind()
    {
        var ns = await MapAsync("m");
        var codec = new WireKinds(new MetadataOnlyCodec(ConfigMaps));
        var client = fixture.Cluster.Client.Dynamic(ConfigMaps).WithCodec(codec);

        var one = await client.GetAsync(new ObjectKey(ns, "m"));
        var list = await client.ListAsync(ns);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        DynamicObject? watched = null;
        await foreach (var e in client.WatchAsync(ns, new ListOptions { ResourceVersion = "0" }, cts.Token))
        {
            watched = e.Object;
            break;
        }

        Assert.All(codec.Seen, kind => Assert.Equal("PartialObjectMetadata", kind));
        Assert.Equal(3, codec.Seen.Count);
        foreach (var obj in (DynamicObject[])[one, Assert.Single(list.Items), watched!])
        {
            Assert.Equal(("v1", "ConfigMap"), (obj.ApiVersion, obj.Kind));
            Assert.Equal("m", obj.Metadata!.Name);
            Assert.Equal("x", obj.Metadata.Labels!["app"]);
            Assert.Null(obj.Body["data"]);
        }
        Assert.False(string.IsNullOrEmpty(list.ResourceVersion));
    }

    [Fact]
    public async Task A_status_write_can_read_back_the_metadata_alone()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        var pods = fixture.Cluster.Client.Resource<Pod>();
        var pod = await pods.CreateAsync(new Pod
        {
            Metadata = new ObjectMeta { Name = "s", Namespace = ns },
            Spec = new PodSpec { Containers = [new Container { Name = "c", Image = "busybox" }] },
        });

        var meta = await pods.UpdateStatusReturningMetadataAsync(pod with { Status = new PodStatus { Phase = "Running", Message = "up" } });

        var stored = await pods.GetAsync(new ObjectKey(ns, "s"));
        Assert.Equal(("s", stored.Metadata!.ResourceVersion), (meta.Name, meta.ResourceVersion));
        Assert.NotEqual(pod.Metadata!.ResourceVersion, meta.ResourceVersion);
        Assert.Null(meta.ManagedFields);
        Assert.Equal(("Running", "up"), (stored.Status!.Phase, stored.Status.Message));
    }
}
