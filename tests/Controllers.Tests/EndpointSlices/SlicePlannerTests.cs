using Cluster.Api.Core.V1;
using Cluster.Api.Discovery.V1;
using Cluster.Controllers.EndpointSlices;
using static Cluster.Controllers.Tests.EndpointSlices.EndpointSliceRulesTests;

namespace Cluster.Controllers.Tests.EndpointSlices;

public sealed class SlicePlannerTests
{
    private static readonly Service Service = Svc(ports: Numbered);

    private static List<Pod> Pods(int count, int from = 0, bool ready = true) =>
        [.. Enumerable.Range(from, count).Select(i => P($"p{i}", $"10.0.{i / 250}.{(i % 250) + 1}", ready: ready))];

    private static IReadOnlyList<EndpointGroup> Groups(IEnumerable<Pod> pods) => EndpointSliceRules.Groups(Service, pods, _ => null);

    /// <summary>Applies a plan the way the server would: creates get names, updates replace, deletes go.</summary>
    private static List<EndpointSlice> Apply(IReadOnlyList<EndpointSlice> existing, SliceChanges changes)
    {
        var result = existing.Where(s => !changes.Delete.Any(d => d.Metadata!.Name == s.Metadata!.Name) && !changes.Update.Any(u => u.Metadata!.Name == s.Metadata!.Name)).ToList();
        result.AddRange(changes.Update);
        var n = existing.Count + 100;
        result.AddRange(changes.Create.Select(s => s with { Metadata = s.Metadata! with { Name = $"web-{n++}" } }));
        return result;
    }

    private static List<EndpointSlice> Converge(IEnumerable<Pod> pods, List<EndpointSlice>? existing = null, int max = 100) =>
        Apply(existing ?? [], SlicePlanner.Plan(Service, existing ?? [], Groups(pods), max));

    private static IEnumerable<string> Addresses(IEnumerable<EndpointSlice> slices) => slices.SelectMany(s => s.Endpoints ?? []).Select(e => e.Addresses![0]).Order(StringComparer.Ordinal);

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(100, 1)]
    [InlineData(101, 2)]
    [InlineData(250, 3)]
    public void New_endpoints_are_packed_at_most_a_hundred_per_slice_and_none_leaves_a_placeholder(int pods, int slices)
    {
        var result = Converge(Pods(pods));
        Assert.Equal(slices, result.Count);
        Assert.All(result, s => Assert.True(s.Endpoints!.Count <= 100));
        Assert.Equal(pods, Addresses(result).Count());
        Assert.All(result, s => Assert.Equal("svc-uid", s.Metadata!.OwnerReferences!.Single(r => r.Controller == true).Uid));
        Assert.All(result, s => Assert.Equal("web-", s.Metadata!.GenerateName));
    }

    [Fact]
    public void An_unchanged_service_plans_no_writes()
    {
        var slices = Converge(Pods(150));
        Assert.True(SlicePlanner.Plan(Service, slices, Groups(Pods(150))).IsEmpty);
        var placeholder = Converge([]);
        Assert.True(SlicePlanner.Plan(Service, placeholder, Groups([])).IsEmpty);
    }

    [Fact]
    public void A_changed_pod_rewrites_only_the_slice_holding_it()
    {
        var slices = Converge(Pods(150));
        var pods = Pods(150);
        pods[0] = P("p0", "10.0.0.1", ready: false);
        var changes = SlicePlanner.Plan(Service, slices, Groups(pods));
        var updated = Assert.Single(changes.Update);
        Assert.Empty(changes.Create);
        Assert.Empty(changes.Delete);
        Assert.False(updated.Endpoints!.Single(e => e.Addresses![0] == "10.0.0.1").Conditions!.Ready);
    }

    [Fact]
    public void New_endpoints_go_into_an_existing_slice_with_room_before_a_new_one_is_made()
    {
        var slices = Converge(Pods(50));
        var changes = SlicePlanner.Plan(Service, slices, Groups(Pods(60)));
        Assert.Empty(changes.Create);
        Assert.Equal(60, Assert.Single(changes.Update).Endpoints!.Count);
    }

    [Fact]
    public void Removed_pods_leave_their_slices_and_an_emptied_slice_is_deleted()
    {
        var slices = Converge(Pods(150));
        var changes = SlicePlanner.Plan(Service, slices, Groups(Pods(100)));
        var after = Apply(slices, changes);
        Assert.Equal(Addresses(Converge(Pods(100))), Addresses(after));
        Assert.Empty(changes.Create);
    }

    [Fact]
    public void A_service_losing_all_its_pods_keeps_one_empty_placeholder_and_gaining_pods_replaces_it()
    {
        var slices = Converge(Pods(150));
        var empty = Apply(slices, SlicePlanner.Plan(Service, slices, Groups([])));
        var placeholder = Assert.Single(empty);
        Assert.True(SlicePlanner.IsPlaceholder(placeholder, "IPv4"));
        var refilled = Apply(empty, SlicePlanner.Plan(Service, empty, Groups(Pods(3))));
        Assert.Equal(3, Assert.Single(refilled).Endpoints!.Count);
    }

    [Fact]
    public void Slices_whose_ports_nobody_serves_any_more_are_deleted()
    {
        var slices = Converge(Pods(10));
        var renumbered = Svc(ports: new ServicePort { Name = "web", Port = 80, TargetPort = 9090, Protocol = "TCP" });
        var changes = SlicePlanner.Plan(renumbered, slices, EndpointSliceRules.Groups(renumbered, Pods(10), _ => null));
        Assert.Single(changes.Delete);
        Assert.Equal(9090, Assert.Single(changes.Create).Ports![0].Port);
    }

    [Fact]
    public void Changed_service_labels_are_written_to_every_slice()
    {
        var slices = Converge(Pods(150));
        var relabelled = Service with { Metadata = Service.Metadata! with { Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" } } };
        var changes = SlicePlanner.Plan(relabelled, slices, EndpointSliceRules.Groups(relabelled, Pods(150), _ => null));
        Assert.Equal(2, changes.Update.Count);
        Assert.All(changes.Update, s => Assert.Equal("front", s.Metadata!.Labels!["tier"]));
    }

    [Fact]
    public void Duplicate_endpoints_across_slices_are_dropped_from_all_but_one()
    {
        var slice = Converge(Pods(2))[0];
        var copy = slice with { Metadata = slice.Metadata! with { Name = "web-copy" } };
        var changes = SlicePlanner.Plan(Service, [slice, copy], Groups(Pods(2)));
        Assert.Equal(2, Addresses(Apply([slice, copy], changes)).Count());
    }
}
