using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Finalizers;

namespace Cluster.Runtime.Tests.Finalizers;

public sealed class FinalizerStepsTests
{
    public sealed record Case(string Name, IReadOnlyList<string>? Finalizers, DateTimeOffset? DeletionTimestamp, bool Has, bool Deleting)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases => new()
    {
        new Case("no finalizers", null, null, false, false),
        new Case("empty list", [], null, false, false),
        new Case("only others", ["other.dev/keep"], null, false, false),
        new Case("ours among others", ["other.dev/keep", "example.dev/cleanup"], null, true, false),
        new Case("a prefix of ours is not ours", ["example.dev/clean"], null, false, false),
        new Case("being deleted with ours", ["example.dev/cleanup"], DateTimeOffset.UnixEpoch, true, true),
        new Case("being deleted without ours", ["other.dev/keep"], DateTimeOffset.UnixEpoch, false, true),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Has_and_IsDeleting_read_finalizers_and_deletionTimestamp(Case c)
    {
        var obj = new ConfigMap { Metadata = new ObjectMeta { Name = "x", Finalizers = c.Finalizers, DeletionTimestamp = c.DeletionTimestamp } };
        Assert.Equal((c.Has, c.Deleting), (FinalizerSteps.Has(obj, "example.dev/cleanup"), FinalizerSteps.IsDeleting(obj)));
    }

    [Fact]
    public void An_object_without_metadata_has_no_finalizer_and_is_not_deleting() =>
        Assert.Equal((false, false), (FinalizerSteps.Has(new ConfigMap(), "example.dev/cleanup"), FinalizerSteps.IsDeleting(new ConfigMap())));
}
