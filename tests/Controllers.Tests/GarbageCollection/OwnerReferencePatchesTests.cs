using System.Text;
using System.Text.Json.Nodes;
using Cluster.Api.Meta.V1;
using Cluster.Controllers.Common;
using Cluster.Runtime.Client;

namespace Cluster.Controllers.Tests.GarbageCollection;

public sealed class OwnerReferencePatchesTests
{
    private static readonly OwnerReference[] References =
    [
        new() { Uid = "a", Name = "a", BlockOwnerDeletion = true },
        new() { Uid = "b", Name = "b" },
        new() { Uid = "c", Name = "c", BlockOwnerDeletion = true },
    ];

    private static string Ops(Patch? patch)
    {
        Assert.NotNull(patch);
        Assert.Equal(PatchType.Json, patch.Type);
        return JsonNode.Parse(Encoding.UTF8.GetString(patch.Body.Span))!.AsArray()
            .Select(op => $"{op!["op"]} {op["path"]}" + (op["value"] is { } v ? $"={v.ToJsonString()}" : "")).Aggregate((x, y) => x + "; " + y);
    }

    [Fact]
    public void Removing_references_tests_each_uid_and_removes_from_the_end_so_indexes_stay_valid() =>
        Assert.Equal("""test /metadata/ownerReferences/2/uid="c"; remove /metadata/ownerReferences/2; test /metadata/ownerReferences/0/uid="a"; remove /metadata/ownerReferences/0""",
            Ops(OwnerReferencePatches.RemoveReferences(References, ["a", "c"])));

    [Fact]
    public void Removing_every_reference_removes_the_field_so_no_empty_list_is_left() =>
        Assert.Equal("""test /metadata/ownerReferences/0/uid="a"; test /metadata/ownerReferences/1/uid="b"; test /metadata/ownerReferences/2/uid="c"; remove /metadata/ownerReferences""",
            Ops(OwnerReferencePatches.RemoveReferences(References, ["a", "b", "c"])));

    [Fact]
    public void Nothing_to_remove_is_no_patch()
    {
        Assert.Null(OwnerReferencePatches.RemoveReferences(References, ["z"]));
        Assert.Null(OwnerReferencePatches.RemoveReferences(null, ["a"]));
    }

    [Fact]
    public void Unblocking_sets_blockOwnerDeletion_false_on_the_blocking_references_only() =>
        Assert.Equal("""test /metadata/ownerReferences/0/uid="a"; replace /metadata/ownerReferences/0/blockOwnerDeletion=false; test /metadata/ownerReferences/2/uid="c"; replace /metadata/ownerReferences/2/blockOwnerDeletion=false""",
            Ops(OwnerReferencePatches.Unblock(References)));

    [Fact]
    public void Removing_a_finalizer_tests_it_at_its_index()
    {
        Assert.Equal("""test /metadata/finalizers/1="foregroundDeletion"; remove /metadata/finalizers/1""",
            Ops(OwnerReferencePatches.RemoveFinalizer(["example.dev/hold", "foregroundDeletion"], "foregroundDeletion")));
        Assert.Equal("""test /metadata/finalizers/0="orphan"; remove /metadata/finalizers""", Ops(OwnerReferencePatches.RemoveFinalizer(["orphan"], "orphan")));
        Assert.Null(OwnerReferencePatches.RemoveFinalizer(["example.dev/hold"], "orphan"));
        Assert.Null(OwnerReferencePatches.RemoveFinalizer(null, "orphan"));
    }
}
