using Cluster.Kubelet.Pods;
using Cluster.TestKit;

namespace Cluster.Kubelet.Tests.Pods;

public sealed class RestartBackoffTests
{
    private readonly ManualTime _time = new(DateTimeOffset.UnixEpoch);

    /// <summary>The container crashes a second after it (re)starts; returns the back-off it then waits (null: none).</summary>
    private TimeSpan? CrashAfterOneSecond(RestartBackoff backoff, string pod = "p", string container = "app")
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        return backoff.Wait(pod, container, _time.GetUtcNow());
    }

    [Fact]
    public void The_first_restart_is_immediate_then_waits_double_each_time_up_to_five_minutes()
    {
        var backoff = new RestartBackoff(_time);
        Assert.Null(CrashAfterOneSecond(backoff));
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 8; i++)
        {
            var finished = _time.GetUtcNow().AddSeconds(1);
            var wait = CrashAfterOneSecond(backoff)!.Value;
            waits.Add(wait);
            _time.Advance(wait);
            Assert.Null(backoff.Wait("p", "app", finished)); // once waited, it restarts
        }

        Assert.Equal(new[] { 10, 20, 40, 80, 160, 300, 300, 300 }.Select(s => TimeSpan.FromSeconds(s)), waits);
    }

    [Fact]
    public void Part_of_the_back_off_may_already_have_passed()
    {
        var backoff = new RestartBackoff(_time);
        Assert.Null(CrashAfterOneSecond(backoff));
        var finished = _time.GetUtcNow().AddSeconds(1);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(6), backoff.Wait("p", "app", finished));
        Assert.Equal(TimeSpan.FromSeconds(10), backoff.Current("p", "app"));
    }

    [Fact]
    public void A_container_that_ran_for_ten_minutes_starts_again_from_ten_seconds()
    {
        var backoff = new RestartBackoff(_time);
        Assert.Null(CrashAfterOneSecond(backoff));
        for (var i = 0; i < 4; i++)
        {
            var finished = _time.GetUtcNow().AddSeconds(1);
            _time.Advance(CrashAfterOneSecond(backoff)!.Value);
            Assert.Null(backoff.Wait("p", "app", finished));
        }

        Assert.True(backoff.Current("p", "app") > TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromMinutes(11));
        Assert.Null(backoff.Wait("p", "app", _time.GetUtcNow()));
        Assert.Equal(TimeSpan.FromSeconds(10), backoff.Current("p", "app"));
    }

    [Fact]
    public void Containers_and_pods_back_off_independently_and_a_forgotten_pod_starts_over()
    {
        var backoff = new RestartBackoff(_time);
        Assert.Null(CrashAfterOneSecond(backoff, "p", "a"));
        Assert.NotNull(CrashAfterOneSecond(backoff, "p", "a"));
        Assert.Null(CrashAfterOneSecond(backoff, "p", "b"));
        Assert.Null(CrashAfterOneSecond(backoff, "q", "a"));
        backoff.Forget("p");
        Assert.Equal(TimeSpan.Zero, backoff.Current("p", "a"));
        Assert.Equal(TimeSpan.FromSeconds(10), backoff.Current("q", "a"));
        Assert.Null(CrashAfterOneSecond(backoff, "p", "a"));
    }
}
