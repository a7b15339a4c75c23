using Cluster.Kubelet.Images;

namespace Cluster.Kubelet.Tests.Images;

public sealed class ImageReferenceTests
{
    private const string D = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("busybox", "docker.io", "library/busybox", "latest", null)]
    [InlineData("busybox:1.36", "docker.io", "library/busybox", "1.36", null)]
    [InlineData("library/busybox", "docker.io", "library/busybox", "latest", null)]
    [InlineData("docker.io/busybox", "docker.io", "library/busybox", "latest", null)]
    [InlineData("index.docker.io/library/busybox", "docker.io", "library/busybox", "latest", null)]
    [InlineData("user/app:v1", "docker.io", "user/app", "v1", null)]
    [InlineData("quay.io/coreos/etcd:v3.5", "quay.io", "coreos/etcd", "v3.5", null)]
    [InlineData("localhost/app", "localhost", "app", "latest", null)]
    [InlineData("localhost:5000/app:dev", "localhost:5000", "app", "dev", null)]
    [InlineData("127.0.0.1:5000/a/b/c", "127.0.0.1:5000", "a/b/c", "latest", null)]
    [InlineData("registry:5000/app", "registry:5000", "app", "latest", null)]
    [InlineData("myhost/app", "docker.io", "myhost/app", "latest", null)]
    [InlineData("busybox@" + D, "docker.io", "library/busybox", null, D)]
    [InlineData("busybox:1.36@" + D, "docker.io", "library/busybox", "1.36", D)]
    [InlineData("localhost:5000/my-app_x.y__z:T_1.0-rc", "localhost:5000", "my-app_x.y__z", "T_1.0-rc", null)]
    [InlineData("[::1]:5000/app", "[::1]:5000", "app", "latest", null)]
    public void ParsesAndNormalisesAsDockerDoes(string input, string registry, string repository, string? tag, string? digest)
    {
        var reference = ImageReference.Parse(input);
        Assert.Equal(new ImageReference(registry, repository, tag, digest), reference);
        Assert.Equal(digest ?? tag, reference.ManifestReference);
    }

    [Theory]
    [InlineData("busybox", "docker.io/library/busybox:latest")]
    [InlineData("busybox@" + D, "docker.io/library/busybox@" + D)]
    [InlineData("localhost:5000/app:dev@" + D, "localhost:5000/app:dev@" + D)]
    public void FormatsFullyQualified(string input, string expected) => Assert.Equal(expected, ImageReference.Parse(input).ToString());

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(" busybox")]
    [InlineData("BusyBox")]
    [InlineData("busybox:")]
    [InlineData("busybox:-bad")]
    [InlineData("busybox:has/slash")]
    [InlineData("busybox@sha256:abc")]
    [InlineData("busybox@md5:0123456789abcdef0123456789abcdef")]
    [InlineData("busybox@" + "sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("a//b")]
    [InlineData("/busybox")]
    [InlineData("busybox/")]
    [InlineData("-lead/app")]
    [InlineData("app-")]
    [InlineData("a..b")]
    [InlineData("host:port/app")]
    [InlineData("localhost:/app")]
    [InlineData("bad_host.com/app")]
    [InlineData("a b")]
    public void RejectsMalformedReferences(string input)
    {
        Assert.False(ImageReference.TryParse(input, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Throws<FormatException>(() => ImageReference.Parse(input));
    }
}
