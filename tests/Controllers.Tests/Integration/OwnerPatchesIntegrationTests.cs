using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Controllers.Common;
using Cluster.Runtime.Client.Errors;

namespace Cluster.Controllers.Tests.Integration;

[Trait("tier", "integration")]
public sealed class OwnerPatchesIntegrationTests(ControllerManagerFixture fixture) : IClassFixture<ControllerManagerFixture>
{
    [Fact]
    public async Task Adopt_adds_the_reference_to_the_state_seen_and_release_removes_it()
    {
        var client = fixture.Cluster.Client;
        var ns = await fixture.Cluster.CreateNamespaceAsync("own");
        var configMap = await client.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "owner", Namespace = ns } }); // a live owner: the garbage collector leaves the pod be
        var owner = new OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = configMap.Metadata!.Uid, Controller = true, BlockOwnerDeletion = true };
        var pod = await client.CreateAsync(new Pod
        {
            Metadata = new ObjectMeta { Name = "p", Namespace = ns },
            Spec = new PodSpec { Containers = [new Container { Name = "c", Image = "busybox" }] },
        });

        var adopted = await client.PatchAsync<Pod>(new(ns, "p"), OwnerReferencePatches.Adopt(pod, owner));
        Assert.Equal(configMap.Metadata.Uid, Assert.Single(adopted.Metadata!.OwnerReferences!).Uid);
        await Assert.ThrowsAnyAsync<ApiException>(() => client.PatchAsync<Pod>(new(ns, "p"), OwnerReferencePatches.Adopt(pod, owner))); // stale state

        var released = await client.PatchAsync<Pod>(new(ns, "p"), OwnerReferencePatches.RemoveReferences(adopted.Metadata!.OwnerReferences, [configMap.Metadata.Uid!])!);
        Assert.Null(released.Metadata!.OwnerReferences); // the last reference takes the field with it
    }
}
