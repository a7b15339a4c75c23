using Cluster.Kubelet.Pods;

namespace Cluster.Kubelet.Tests.Pods;

public sealed class RestartBackoffTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;

    [Fact]
    public void The_first_restart_is_immediate_then_waits_double_each_time_up_to_five_minutes()
    {
        var backoff = new RestartBackoff();
        var finished = T0;
        Assert.Null(backoff.Wait("p", "app", finished, finished)); // first crash: restart now, next back-off 10 s
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 8; i++)
        {
            finished += TimeSpan.FromSeconds(1); // it crashes a second after each restart
            var wait = backoff.Wait("p", "app", finished, finished)!.Value;
            waits.Add(wait);
            Assert.Null(backoff.Wait("p", "app", finished, finished + wait)); // once waited, it restarts
            finished += wait;
        }

        Assert.Equal(new[] { 10, 20, 40, 80, 160, 300, 300, 300 }.Select(s => TimeSpan.FromSeconds(s)), waits);
    }

    [Fact]
    public void Part_of_the_back_off_may_already_have_passed()
    {
        var backoff = new RestartBackoff();
        Assert.Null(backoff.Wait("p", "app", T0, T0));
        Assert.Equal(TimeSpan.FromSeconds(6), backoff.Wait("p", "app", T0.AddSeconds(1), T0.AddSeconds(5)));
        Assert.Equal(TimeSpan.FromSeconds(10), backoff.Current("p", "app"));
    }

    [Fact]
    public void A_container_that_ran_for_ten_minutes_starts_again_from_ten_seconds()
    {
        var backoff = new RestartBackoff();
        var t = T0;
        Assert.Null(backoff.Wait("p", "app", t, t));
        for (var i = 0; i < 4; i++)
        {
            var crash = t + TimeSpan.FromSeconds(1);
            t = crash + backoff.Wait("p", "app", crash, crash)!.Value;
            Assert.Null(backoff.Wait("p", "app", crash, t));
        }

        Assert.True(backoff.Current("p", "app") > TimeSpan.FromSeconds(10));
        var later = t + TimeSpan.FromMinutes(11);
        Assert.Null(backoff.Wait("p", "app", later, later));
        Assert.Equal(TimeSpan.FromSeconds(10), backoff.Current("p", "app"));
    }

    [Fact]
    public void Containers_and_pods_back_off_independently_and_a_forgotten_pod_starts_over()
    {
        var backoff = new RestartBackoff();
        Assert.Null(backoff.Wait("p", "a", T0, T0));
        Assert.NotNull(backoff.Wait("p", "a", T0.AddSeconds(1), T0.AddSeconds(1)));
        Assert.Null(backoff.Wait("p", "b", T0.AddSeconds(1), T0.AddSeconds(1)));
        Assert.Null(backoff.Wait("q", "a", T0.AddSeconds(1), T0.AddSeconds(1)));
        backoff.Forget("p");
        Assert.Equal(TimeSpan.Zero, backoff.Current("p", "a"));
        Assert.Null(backoff.Wait("p", "a", T0.AddSeconds(2), T0.AddSeconds(2)));
    }
}
