using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Controllers.Common;
using Cluster.Runtime;
using Cluster.TestKit;

namespace Cluster.Controllers.Tests.ReplicaSets;

public sealed class PendingPodWritesTests
{
    private static readonly ObjectKey Owner = new("ns", "web");

    private static Pod Pod(string name, string rv, string uid = "u", bool deleting = false) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "ns", ResourceVersion = rv, Uid = uid, DeletionTimestamp = deleting ? DateTimeOffset.UnixEpoch : null },
    };

    [Fact]
    public void A_creation_is_pending_until_the_cache_shows_the_pod_or_has_seen_its_resource_version()
    {
        var pending = new PendingPodWrites(new ManualTime());
        pending.Created(Owner, Pod("web-a", "10"));
        Assert.False(pending.Settled(Owner, "ns", _ => null, "9"));
        Assert.True(pending.Settled(Owner, "ns", k => k.Name == "web-a" ? Pod("web-a", "10") : null, "9"));

        pending.Created(Owner, Pod("web-b", "12"));
        Assert.True(pending.Settled(Owner, "ns", _ => null, "12")); // it came and went before a reconcile looked
    }

    [Fact]
    public void A_deletion_is_pending_until_the_pod_is_gone_or_marked()
    {
        var pending = new PendingPodWrites(new ManualTime());
        pending.Deleted(Owner, Pod("web-a", "10", uid: "a"), marked: null);
        Assert.False(pending.Settled(Owner, "ns", _ => Pod("web-a", "10", uid: "a"), "11"));
        Assert.True(pending.Settled(Owner, "ns", _ => Pod("web-a", "13", uid: "a", deleting: true), "11"));

        pending.Deleted(Owner, Pod("web-b", "10", uid: "b"), marked: null);
        Assert.True(pending.Settled(Owner, "ns", _ => Pod("web-b", "20", uid: "another"), "11")); // a new pod of the same name
    }

    [Fact]
    public void Writes_never_observed_expire_after_five_minutes()
    {
        var time = new ManualTime();
        var pending = new PendingPodWrites(time);
        pending.Created(Owner, Pod("web-a", ""));
        Assert.False(pending.Settled(Owner, "ns", _ => null, "100"));
        time.Advance(PendingPodWrites.Timeout + TimeSpan.FromSeconds(1));
        Assert.True(pending.Settled(Owner, "ns", _ => null, "100"));
    }
}
