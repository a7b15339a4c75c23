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
        var conditions = NamespaceContent.Conditions(null, null, [], remaining, Now).ToDictionary(c => c.Type!);
        Assert.Equal("Some resources are remaining: configmaps has 1 resource instances, pods has 2 resource instances", conditions["NamespaceContentRemaining"].Message);
        Assert.Equal(("True", "Some content in the namespace has finalizers remaining: example.dev/hold in 1 resource instances"),
            (conditions["NamespaceFinalizersRemaining"].Status, conditions["NamespaceFinalizersRemaining"].Message));
        Assert.Equal("False", conditions["NamespaceDeletionDiscoveryFailure"].Status);
    }

    [Fact]
    public void An_unchanged_condition_keeps_its_transition_time()
    {
        var first = NamespaceContent.Conditions(null, "discovery down", [], [], Now);
        var later = NamespaceContent.Conditions(first, "discovery down", [], [], Now.AddMinutes(1));
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

    [Fact]
    public void Failures_are_counted_and_named_as_upstream_does()
    {
        var conditions = NamespaceContent.Conditions(null, NamespaceContent.DiscoveryFailureMessage(new Dictionary<string, string> { ["example.dev/v1"] = "the server is down" }),
            ["widgets.example.dev: refused", "configmaps: timeout"], [], Now).ToDictionary(c => c.Type!);
        Assert.Equal(("True", "DiscoveryFailed"), (conditions["NamespaceDeletionDiscoveryFailure"].Status, conditions["NamespaceDeletionDiscoveryFailure"].Reason));
        Assert.Equal("Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: example.dev/v1: the server is down",
            conditions["NamespaceDeletionDiscoveryFailure"].Message);
        Assert.Equal(("True", "ContentDeletionFailed", "Failed to delete all resource types, 2 remaining: configmaps: timeout, widgets.example.dev: refused"),
            (conditions["NamespaceDeletionContentFailure"].Status, conditions["NamespaceDeletionContentFailure"].Reason, conditions["NamespaceDeletionContentFailure"].Message));
        Assert.Null(NamespaceContent.DiscoveryFailureMessage(new Dictionary<string, string>()));
    }

    [Theory]
    [InlineData(true, "deletecollection", true)]
    [InlineData(true, "list,delete", true)]
    [InlineData(true, "list", false)]
    [InlineData(false, "deletecollection,list,delete", false)] // cluster-scoped: not in any namespace
    public void A_namespace_is_emptied_of_every_namespaced_resource_it_can_delete(bool namespaced, string verbs, bool deletable) =>
        Assert.Equal(deletable, NamespaceContent.Deletable(new Runtime.Client.ServedResource(new Api.KindInfo("", "v1", "Thing", "things", namespaced), verbs.Split(',').ToHashSet())));
}
