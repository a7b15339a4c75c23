using Cluster.Api;
using Cluster.Api.Apps.V1;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Ownership;

namespace Cluster.Runtime.Tests.Ownership;

/// <summary>Which owners a child may have (controllerutil's scope rules) and who controls what.</summary>
public sealed class OwnerReferenceRulesTests
{
    private static readonly ReplicaSet Rs = new() { Metadata = new ObjectMeta { Name = "rs", Namespace = "a", Uid = "rs-uid" } };
    private static readonly Node NodeOwner = new() { Metadata = new ObjectMeta { Name = "n1", Uid = "node-uid" } };
    private static readonly Namespace NamespaceOwner = new() { Metadata = new ObjectMeta { Name = "a", Uid = "ns-uid" } };
    private static readonly PersistentVolume Volume = new() { Metadata = new ObjectMeta { Name = "pv" } };

    private static Pod PodIn(string ns, params OwnerReference[] refs) =>
        new() { Metadata = new ObjectMeta { Name = "p", Namespace = ns, OwnerReferences = refs.Length == 0 ? null : refs } };

    /// <summary>A SetController call and the exception it must throw (null: it must succeed).</summary>
    public sealed record Scope(string Name, Func<IKubernetesObject> Set, Type? Refusal)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Scope> Scopes => new()
    {
        new Scope("namespaced owner, same namespace", () => OwnerReferences.SetController(PodIn("a"), Rs), null),
        new Scope("cluster-scoped owner of a namespaced child", () => OwnerReferences.SetController(PodIn("a"), NodeOwner), null),
        new Scope("cluster-scoped owner of a cluster-scoped child", () => OwnerReferences.SetController(Volume, NamespaceOwner), null),
        new Scope("namespaced owner of a cluster-scoped child", () => OwnerReferences.SetController(Volume, Rs), typeof(InvalidOperationException)),
        new Scope("namespaced owner in another namespace", () => OwnerReferences.SetController(PodIn("b"), Rs), typeof(InvalidOperationException)),
        new Scope("an owner never stored (no uid)", () => OwnerReferences.SetController(PodIn("a"), Rs with { Metadata = Rs.Metadata! with { Uid = null } }), typeof(ArgumentException)),
        new Scope("a second controller", () => OwnerReferences.SetController(OwnerReferences.SetController(PodIn("a"), NodeOwner), Rs), typeof(InvalidOperationException)),
    };

    [Theory]
    [MemberData(nameof(Scopes))]
    public void SetController_accepts_only_owners_the_child_may_have(Scope scope)
    {
        if (scope.Refusal is null)
        {
            var child = scope.Set();
            var reference = Assert.Single(child.Metadata!.OwnerReferences!);
            Assert.Equal((true, true), (reference.Controller, reference.BlockOwnerDeletion));
            return;
        }
        var refused = Record.Exception(() => scope.Set());
        Assert.IsType(scope.Refusal, refused);
        Assert.False(string.IsNullOrWhiteSpace(refused.Message));
    }

    [Fact]
    public void The_refusal_of_a_second_controller_names_the_current_one()
    {
        var controlled = OwnerReferences.SetController(PodIn("a"), NodeOwner);
        var refused = Assert.Throws<InvalidOperationException>(() => OwnerReferences.SetController(controlled, Rs));
        Assert.Contains("Node n1", refused.Message);
    }

    [Fact]
    public void Setting_a_controller_leaves_the_original_child_unchanged()
    {
        var original = PodIn("a");
        _ = OwnerReferences.SetController(original, Rs);
        Assert.Null(original.Metadata!.OwnerReferences);
    }

    public sealed record Control(string Name, IReadOnlyList<OwnerReference>? References, bool ControlledByRs)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Control> Controls => new()
    {
        new Control("no owners", null, false),
        new Control("controller is the owner", [new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "rs", Uid = "rs-uid", Controller = true }], true),
        new Control("owner without controller=true", [new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "rs", Uid = "rs-uid" }], false),
        new Control("same name, other uid (a recreated owner)", [new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "rs", Uid = "old-uid", Controller = true }], false),
        new Control("controller after a plain owner", [
            new OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "cm", Uid = "cm-uid" },
            new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "rs", Uid = "rs-uid", Controller = true }], true),
    };

    [Theory]
    [MemberData(nameof(Controls))]
    public void IsControlledBy_matches_the_controller_reference_by_uid(Control control)
    {
        var child = PodIn("a", [.. control.References ?? []]);
        Assert.Equal(control.ControlledByRs, OwnerReferences.IsControlledBy(child, Rs));
    }
}
