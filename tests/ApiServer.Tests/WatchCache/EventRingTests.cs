using Cluster.ApiServer.WatchCache;

namespace Cluster.ApiServer.Tests.WatchCache;

public sealed class EventRingTests
{
    private static CachedEvent At(long revision) =>
        new(CachedEventType.Added, revision, new CachedObject($"k{revision}", "", $"k{revision}", revision, [], new Dictionary<string, string>(), new Dictionary<string, string>()), null);

    [Fact]
    public void Readers_get_events_in_order_from_a_sequence()
    {
        var ring = new EventRing(8, floorRevision: 10);
        for (var rv = 11; rv <= 15; rv++) ring.Append(At(rv));
        var read = new List<CachedEvent>();
        Assert.True(ring.TryRead(2, read, 10));
        Assert.Equal([13L, 14L, 15L], read.Select(e => e.Revision));
    }

    [Fact]
    public void FirstAfter_finds_the_first_newer_event_and_refuses_revisions_below_the_floor()
    {
        var ring = new EventRing(4, floorRevision: 10);
        foreach (var rv in (long[])[12, 15, 16]) ring.Append(At(rv));
        Assert.Equal(0, ring.FirstAfter(10));
        Assert.Equal(1, ring.FirstAfter(12));
        Assert.Equal(1, ring.FirstAfter(14));
        Assert.Equal(3, ring.FirstAfter(16));
        Assert.Null(ring.FirstAfter(9));
    }

    [Fact]
    public void A_lapped_reader_is_told_so()
    {
        var ring = new EventRing(4, floorRevision: 0);
        for (var rv = 1; rv <= 10; rv++) ring.Append(At(rv));
        Assert.False(ring.TryRead(2, [], 10));
        Assert.Null(ring.FirstAfter(3));
        Assert.Equal(6, ring.FloorRevision);
        Assert.Equal(6, ring.FirstAfter(6));
    }
}
