using Cluster.Api.Meta.V1;
using Cluster.Controllers.GarbageCollection;

namespace Cluster.Controllers.Tests.GarbageCollection;

public sealed class GarbageCollectionRulesTests
{
    private static (OwnerReference, OwnerState) Owner(string uid, OwnerState state, bool block = false) =>
        (new OwnerReference { Uid = uid, Name = uid, Kind = "ConfigMap", ApiVersion = "v1", BlockOwnerDeletion = block }, state);

    public static TheoryData<string, (OwnerReference, OwnerState)[], string[]?, bool, string> Cases => new()
    {
        { "a solid owner keeps it", [Owner("a", OwnerState.Solid)], null, false, "Keep" },
        { "all owners gone", [Owner("a", OwnerState.Dangling)], null, false, "Delete Background" },
        { "one of two owners gone", [Owner("a", OwnerState.Solid), Owner("b", OwnerState.Dangling)], null, false, "Unlink b|" },
        { "solid owner and a blocked waiting one", [Owner("a", OwnerState.Solid), Owner("b", OwnerState.WaitingForDependents, block: true)], null, false, "Unlink |b" },
        { "owner waiting, dependent owns others", [Owner("a", OwnerState.WaitingForDependents, block: true)], null, true, "Delete Foreground" },
        { "owner waiting, leaf dependent", [Owner("a", OwnerState.WaitingForDependents, block: true)], null, false, "Delete Background" },
        { "gone owner, dependent asks to orphan", [Owner("a", OwnerState.Dangling)], ["orphan"], false, "Delete Orphan" },
        { "gone owner, dependent asks for foreground", [Owner("a", OwnerState.Dangling)], ["foregroundDeletion"], false, "Delete Foreground" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_dependent_lives_while_an_owner_does_and_otherwise_goes_as_upstream_decides(string _, (OwnerReference, OwnerState)[] owners, string[]? finalizers, bool hasDependents, string expected)
    {
        var action = GarbageCollectionRules.Decide(owners, finalizers, hasDependents);
        var text = action switch
        {
            DependentAction.Keep => "Keep",
            DependentAction.Delete d => $"Delete {d.Propagation}",
            DependentAction.Unlink u => $"Unlink {string.Join(",", u.DanglingUids)}|{string.Join(",", u.UnblockUids)}",
            _ => "?",
        };
        Assert.Equal(expected, text);
    }
}
