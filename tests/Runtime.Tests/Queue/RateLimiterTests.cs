using Cluster.Runtime.Queue;
using Cluster.TestKit;

namespace Cluster.Runtime.Tests.Queue;

public sealed class RateLimiterTests
{
    [Fact]
    public void Exponential_backoff_doubles_from_5_ms_to_a_1000_s_cap_and_forget_resets_it()
    {
        var limiter = ExponentialFailureRateLimiter<string>.Default();
        var expected = Enumerable.Range(0, 40)
            .Select(n => TimeSpan.FromMilliseconds(Math.Min(5 * Math.Pow(2, n), 1_000_000)))
            .ToArray();
        Assert.Equal(expected[..5], new[] { 5, 10, 20, 40, 80 }.Select(ms => TimeSpan.FromMilliseconds(ms)));
        Assert.Equal(expected, Enumerable.Range(0, 40).Select(_ => limiter.When("a")));
        Assert.Equal(40, limiter.NumRequeues("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("b")); // per item
        limiter.Forget("a");
        Assert.Equal(0, limiter.NumRequeues("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("a"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5_000_000)]
    public void Exponential_backoff_never_overflows_however_many_retries(long baseTicks)
    {
        var max = TimeSpan.FromSeconds(1000);
        var limiter = new ExponentialFailureRateLimiter<string>(TimeSpan.FromTicks(baseTicks), max);
        for (var i = 0; i < 5000; i++)
        {
            var delay = limiter.When("a");
            Assert.InRange(delay, TimeSpan.Zero, max);
        }
        Assert.Equal(baseTicks == 0 ? TimeSpan.Zero : max, limiter.When("a"));
    }

    [Theory]
    [InlineData(10, 100)]
    [InlineData(1, 5)]
    [InlineData(50, 1)]
    public void The_token_bucket_allows_its_burst_then_spaces_retries_at_one_over_qps(double qps, int burst)
    {
        var time = new ManualTime();
        var bucket = new TokenBucketRateLimiter<string>(qps, burst, time);
        for (var i = 0; i < burst; i++) Assert.Equal(TimeSpan.Zero, bucket.When("item" + i));
        for (var k = 1; k <= 3; k++) AssertSeconds(k / qps, bucket.When("x"));
        time.Advance(TimeSpan.FromSeconds(3 / qps)); // the three owed tokens are paid back; none to spare
        AssertSeconds(1 / qps, bucket.When("x"));
        time.Advance(TimeSpan.FromSeconds(1000)); // refills to the burst, no further
        for (var i = 0; i < burst; i++) Assert.Equal(TimeSpan.Zero, bucket.When("x"));
        AssertSeconds(1 / qps, bucket.When("x"));
        Assert.Equal(0, bucket.NumRequeues("x"));
    }

    [Fact]
    public void Max_of_takes_the_longest_delay_counts_in_every_limiter_and_forgets_in_all()
    {
        var slow = new ExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(150));
        var fast = new ExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(40), TimeSpan.FromSeconds(10));
        var limiter = new MaxOfRateLimiter<string>(slow, fast);
        Assert.Equal([100, 150, 160, 320], Enumerable.Range(0, 4).Select(_ => limiter.When("a").TotalMilliseconds));
        Assert.Equal(4, slow.NumRequeues("a"));
        Assert.Equal(4, limiter.NumRequeues("a"));
        limiter.Forget("a");
        Assert.Equal(0, slow.NumRequeues("a"));
        Assert.Equal(0, fast.NumRequeues("a"));
    }

    [Fact]
    public void Max_of_nothing_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaxOfRateLimiter<string>());
    }

    [Fact]
    public void The_default_controller_limiter_takes_the_larger_of_backoff_and_bucket()
    {
        var time = new ManualTime();
        var limiter = RateLimiters.DefaultController<string>(time);
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(10), limiter.When("a"));
        for (var i = 0; i < 98; i++) limiter.When("other" + i);
        Assert.Equal(TimeSpan.FromMilliseconds(100), limiter.When("fresh")); // bucket empty: 1/10 s beats 5 ms
        Assert.Equal(TimeSpan.FromMilliseconds(200), limiter.When("a")); // two tokens owed outweigh a's 20 ms backoff
    }

    // Token arithmetic is in doubles; a microsecond is far below any rate a bucket is configured with.
    private static void AssertSeconds(double expected, TimeSpan actual) => Assert.Equal(expected, actual.TotalSeconds, 1e-6);
}
