using Cluster.Api;
using Cluster.Controllers.GarbageCollection;
using Cluster.Runtime.Client;

namespace Cluster.Controllers.Tests.GarbageCollection;

public sealed class ResourceMonitorsTests
{
    private static ServedResource Served(string group, string plural, params string[] verbs) =>
        new(new KindInfo(group, "v1", "Thing", plural, true), verbs.ToHashSet());

    [Theory]
    [InlineData("", "configmaps", "list,watch,delete,create", true)]
    [InlineData("example.dev", "gadgets", "list,watch,delete", true)]
    [InlineData("", "bindings", "create", false)] // cannot be listed, watched or deleted
    [InlineData("", "componentstatuses", "get,list", false)] // cannot be deleted
    [InlineData("", "events", "list,watch,delete", false)] // ignored as upstream does
    [InlineData("events.k8s.io", "events", "list,watch,delete", false)]
    public void The_collector_follows_what_it_can_list_watch_and_delete_except_events(string group, string plural, string verbs, bool follows) =>
        Assert.Equal(follows, ResourceMonitors.Follows(Served(group, plural, verbs.Split(','))));

    [Theory]
    [InlineData("v1", "")]
    [InlineData("apps/v1", "apps")]
    [InlineData("example.dev/v1beta1", "example.dev")]
    public void An_owner_reference_names_a_kind_in_any_version_of_its_group(string apiVersion, string group) =>
        Assert.Equal(new GroupKind(group, "Thing"), GroupKind.Of(new Api.Meta.V1.OwnerReference { ApiVersion = apiVersion, Kind = "Thing" }));

    [Fact]
    public void A_group_whose_discovery_failed_is_unknown_not_gone()
    {
        var discovered = new DiscoveredResources([], new Dictionary<string, string> { ["example.dev/v1"] = "503" });
        Assert.True(discovered.GroupFailed("example.dev"));
        Assert.False(discovered.GroupFailed(""));
        Assert.False(discovered.Complete);
    }
}
