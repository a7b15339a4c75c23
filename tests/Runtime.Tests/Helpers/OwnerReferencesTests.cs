using Cluster.Api.Apps.V1;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Ownership;

namespace Cluster.Runtime.Tests.Helpers;

public sealed class OwnerReferencesTests
{
    private static ReplicaSet Owner(string uid = "rs-uid", string ns = "a") => new() { Metadata = new ObjectMeta { Name = "rs", Namespace = ns, Uid = uid } };

    private static Pod Child(string ns = "a", params OwnerReference[] refs) => new() { Metadata = new ObjectMeta { Name = "p", Namespace = ns, OwnerReferences = refs.Length == 0 ? null : refs } };

    [Fact]
    public void Setting_a_controller_adds_a_blocking_controller_reference()
    {
        var child = OwnerReferences.SetController(Child(), Owner());
        var reference = Assert.Single(child.Metadata!.OwnerReferences!);
        Assert.Equal(("apps/v1", "ReplicaSet", "rs", "rs-uid", true, true), (reference.ApiVersion, reference.Kind, reference.Name, reference.Uid, reference.Controller, reference.BlockOwnerDeletion));
        Assert.True(OwnerReferences.IsControlledBy(child, Owner()));
        Assert.Equal("rs", OwnerReferences.ControllerOf(child)!.Name);
    }

    [Fact]
    public void Setting_the_same_controller_twice_keeps_one_reference_and_other_owners()
    {
        var other = new OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "cm", Uid = "cm-uid" };
        var child = OwnerReferences.SetController(OwnerReferences.SetController(Child("a", other), Owner()), Owner());
        Assert.Equal(["cm-uid", "rs-uid"], child.Metadata!.OwnerReferences!.Select(r => r.Uid!));
    }

    public static TheoryData<string, Pod, ReplicaSet> Refused => new()
    {
        { "another controller", Child("a", new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "x", Uid = "x-uid", Controller = true }), Owner() },
        { "another namespace", Child("b"), Owner() },
        { "cluster-scoped child", Child(""), Owner() },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Owners_a_child_may_not_have_are_refused(string _, Pod child, ReplicaSet owner) =>
        Assert.Throws<InvalidOperationException>(() => OwnerReferences.SetController(child, owner));
}
