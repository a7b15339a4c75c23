using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Controllers.Common;
using Cluster.Runtime.Client.Errors;

namespace Cluster.Controllers.Tests.Integration;

[Trait("tier", "integration")]
public sealed class OwnerPatchesIntegrationTests(ControllerManagerFixture fixture) : IClassFixture<ControllerManagerFixture>
{
    private static readonly OwnerReference Owner = new() { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = "owner-uid", Controller = true, BlockOwnerDeletion = true };

    [Fact]
    public async Task Adopt_adds_the_reference_to_the_state_seen_and_release_removes_it()
    {
        var client = fixture.Cluster.Client;
        var ns = await fixture.Cluster.CreateNamespaceAsync("own");
        var pod = await client.CreateAsync(new Pod
        {
            Metadata = new ObjectMeta { Name = "p", Namespace = ns },
            Spec = new PodSpec { Containers = [new Container { Name = "c", Image = "busybox" }] },
        });

        var adopted = await client.PatchAsync<Pod>(new(ns, "p"), OwnerPatches.Adopt(pod, Owner));
        Assert.Equal("owner-uid", Assert.Single(adopted.Metadata!.OwnerReferences!).Uid);
        await Assert.ThrowsAnyAsync<ApiException>(() => client.PatchAsync<Pod>(new(ns, "p"), OwnerPatches.Adopt(pod, Owner))); // stale state

        var released = await client.PatchAsync<Pod>(new(ns, "p"), OwnerPatches.Release(adopted, "owner-uid")!);
        Assert.Empty(released.Metadata!.OwnerReferences ?? []);
    }
}
