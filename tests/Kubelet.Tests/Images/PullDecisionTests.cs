using Cluster.Kubelet.Images;
using Cluster.TestKit;

namespace Cluster.Kubelet.Tests.Images;

public sealed class PullDecisionTests
{
    [Fact]
    public void BackoffStartsAtTenSecondsDoublesToFiveMinutesAndExpires()
    {
        var time = new ManualTime();
        var backoff = new KeyedBackoff(time);

        Assert.False(backoff.IsInBackoff("pod/img", out _));
        var delays = Enumerable.Range(0, 7).Select(_ =>
        {
            var delay = backoff.RecordFailure("pod/img");
            time.Advance(delay);
            return delay.TotalSeconds;
        }).ToArray();
        Assert.Equal([10, 20, 40, 80, 160, 300, 300], delays);

        backoff.RecordFailure("pod/img");
        Assert.True(backoff.IsInBackoff("pod/img", out var remaining));
        Assert.Equal(TimeSpan.FromMinutes(5), remaining);
        Assert.False(backoff.IsInBackoff("other", out _));
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(backoff.IsInBackoff("pod/img", out _));

        // Untouched for more than twice the maximum: the next failure starts from the beginning, and GC drops it.
        time.Advance(TimeSpan.FromMinutes(6));
        backoff.Collect();
        Assert.Equal(0, backoff.Count);
        Assert.Equal(TimeSpan.FromSeconds(10), backoff.RecordFailure("pod/img"));
    }

    [Theory]
    [InlineData("{\"manifests\":[{\"digest\":\"D1\",\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\"}},{\"digest\":\"D2\",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}", "D2")]
    [InlineData("{\"manifests\":[{\"digest\":\"D1\",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\",\"variant\":\"v3\"}},{\"digest\":\"D2\",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}", "D2")]
    [InlineData("{\"manifests\":[{\"digest\":\"D1\",\"platform\":{\"os\":\"windows\",\"architecture\":\"amd64\"}},{\"digest\":\"D2\",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\",\"variant\":\"v2\"}}]}", "D2")]
    [InlineData("{\"manifests\":[{\"digest\":\"D1\",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}},{\"digest\":\"A\",\"mediaType\":\"application/vnd.in-toto+json\",\"platform\":{\"os\":\"unknown\",\"architecture\":\"unknown\"}}]}", "D1")]
    [InlineData("{\"manifests\":[{\"digest\":\"ONLY\"}]}", "ONLY")]
    public void PicksLinuxAmd64FromAnIndex(string json, string expected)
    {
        var index = System.Text.Json.JsonSerializer.Deserialize(json, ImagesJsonContext.Default.ImageIndex)!;
        Assert.Equal(expected, PlatformSelector.Select(index).Digest);
    }

    [Fact]
    public void IndexWithoutLinuxAmd64SaysWhatItHas()
    {
        var index = new ImageIndex { Manifests = [new Descriptor { Digest = "D", Platform = new Platform { Os = "linux", Architecture = "arm64" } }] };
        var error = Assert.Throws<InvalidDataException>(() => PlatformSelector.Select(index));
        Assert.Contains("linux/arm64", error.Message);
    }

    [Theory]
    [InlineData(null, "busybox", ImagePullPolicy.Always)]
    [InlineData(null, "busybox:latest", ImagePullPolicy.Always)]
    [InlineData(null, "busybox:1.36", ImagePullPolicy.IfNotPresent)]
    [InlineData(null, "busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", ImagePullPolicy.IfNotPresent)]
    [InlineData("Never", "busybox", ImagePullPolicy.Never)]
    [InlineData("IfNotPresent", "busybox", ImagePullPolicy.IfNotPresent)]
    public void PullPolicyDefaultsAsTheApiServerDoes(string? value, string image, ImagePullPolicy expected) =>
        Assert.Equal(expected, ImagePullPolicies.Parse(value, ImageReference.Parse(image)));
}
