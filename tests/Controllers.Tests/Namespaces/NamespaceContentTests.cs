using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Controllers.Namespaces;

namespace Cluster.Controllers.Tests.Namespaces;

public sealed class NamespaceContentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Conditions_name_what_remains_and_which_finalizers_hold_it()
    {
        var remaining = new[]
        {
            new RemainingContent("pods", 2, new Dictionary<string, int>()),
            new RemainingContent("configmaps", 1, new Dictionary<string, int> { ["example.dev/hold"] = 1 }),
        };
        var conditions = NamespaceContent.Conditions(null, null, null, remaining, Now).ToDictionary(c => c.Type!);
        Assert.Equal("Some resources are remaining: configmaps has 1 resource instances, pods has 2 resource instances", conditions["NamespaceContentRemaining"].Message);
        Assert.Equal(("True", "Some content in the namespace has finalizers remaining: example.dev/hold in 1 resource instances"),
            (conditions["NamespaceFinalizersRemaining"].Status, conditions["NamespaceFinalizersRemaining"].Message));
        Assert.Equal("False", conditions["NamespaceDeletionDiscoveryFailure"].Status);
    }

    [Fact]
    public void An_unchanged_condition_keeps_its_transition_time()
    {
        var first = NamespaceContent.Conditions(null, "discovery down", null, [], Now);
        var later = NamespaceContent.Conditions(first, "discovery down", null, [], Now.AddMinutes(1));
        Assert.Equal(Now, later.Single(c => c.Type == "NamespaceDeletionDiscoveryFailure").LastTransitionTime);
        Assert.True(NamespaceContent.SameConditions(first, later));
    }

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(false, true, false)]
    [InlineData(true, false, false)]
    public void Only_a_terminating_namespace_with_the_kubernetes_finalizer_needs_cleaning(bool deleting, bool finalizer, bool needs)
    {
        var ns = new Namespace
        {
            Metadata = new ObjectMeta { Name = "n", DeletionTimestamp = deleting ? Now : null },
            Spec = new NamespaceSpec { Finalizers = finalizer ? ["kubernetes"] : [] },
        };
        Assert.Equal(needs, NamespaceContent.NeedsCleanup(ns));
    }
}
