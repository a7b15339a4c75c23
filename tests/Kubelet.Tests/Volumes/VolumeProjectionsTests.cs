using System.Text;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Api.Serialization;
using Cluster.Kubelet.Pods;
using Cluster.Kubelet.Volumes;

namespace Cluster.Kubelet.Tests.Volumes;

public sealed class VolumeProjectionsTests
{
    private sealed class Sources : IPodSources
    {
        public ConfigMap? ConfigMap(string ns, string name) => ns == "ns1" && name == "app-config"
            ? new ConfigMap
            {
                Data = new Dictionary<string, string> { ["app.yaml"] = "mode: fast\n", ["level"] = "3" },
                BinaryData = new Dictionary<string, ReadOnlyMemory<byte>> { ["logo.bin"] = new byte[] { 0, 1, 2 } },
            }
            : null;

        public Secret? Secret(string ns, string name) => ns == "ns1" && name == "creds"
            ? new Secret { Data = new Dictionary<string, ReadOnlyMemory<byte>> { ["password"] = Encoding.UTF8.GetBytes("s3cret") } }
            : null;

        public IReadOnlyDictionary<string, ResourceQuantity> NodeAllocatable { get; } = new Dictionary<string, ResourceQuantity> { ["cpu"] = "2" };

        public List<(string? Audience, long Seconds)> TokenRequests { get; } = [];

        public Task<string> ServiceAccountTokenAsync(Pod pod, string? audience, long expirationSeconds, CancellationToken ct)
        {
            TokenRequests.Add((audience, expirationSeconds));
            return Task.FromResult($"token-for-{pod.Metadata!.Name}-{audience ?? "api"}");
        }
    }

    private static readonly Pod Pod = new()
    {
        Metadata = new ObjectMeta { Name = "web-1", Namespace = "ns1", Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new PodSpec { Containers = [new Container { Name = "app", Resources = new ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = "64Mi" } } }] },
    };

    private static IReadOnlyList<ProjectedFile> Files(Volume volume, Sources? sources = null) =>
        VolumeProjections.FilesAsync(Pod, volume, sources ?? new Sources()).GetAwaiter().GetResult();

    private static string Text(ProjectedFile file) => Encoding.UTF8.GetString(file.Content.Span);

    [Fact]
    public void A_config_map_volume_holds_every_data_and_binary_key_at_its_name_with_mode_0644()
    {
        var files = Files(new Volume { Name = "v", ConfigMap = new ConfigMapVolumeSource { Name = "app-config" } });
        Assert.Equal(["app.yaml", "level", "logo.bin"], files.Select(f => f.Path));
        Assert.All(files, f => Assert.Equal(420, f.Mode));
        Assert.Equal("mode: fast\n", Text(files[0]));
        Assert.Equal(new byte[] { 0, 1, 2 }, files[2].Content.ToArray());
    }

    [Fact]
    public void Listed_items_go_to_their_paths_with_their_modes_and_only_they_are_projected()
    {
        var files = Files(new Volume
        {
            Name = "v",
            ConfigMap = new ConfigMapVolumeSource
            {
                Name = "app-config", DefaultMode = 256, // 0400
                Items = [new KeyToPath { Key = "app.yaml", Path = "conf/app.yaml" }, new KeyToPath { Key = "level", Path = "level.txt", Mode = 384 }],
            },
        });
        Assert.Equal([("conf/app.yaml", 256), ("level.txt", 384)], files.Select(f => (f.Path, f.Mode)));
    }

    public static TheoryData<Volume, string> Failures => new()
    {
        { new Volume { Name = "v", ConfigMap = new ConfigMapVolumeSource { Name = "nope" } }, "configmap \"nope\" not found" },
        { new Volume { Name = "v", Secret = new SecretVolumeSource { SecretName = "nope" } }, "secret \"nope\" not found" },
        { new Volume { Name = "v", ConfigMap = new ConfigMapVolumeSource { Name = "app-config", Items = [new KeyToPath { Key = "missing", Path = "m" }] } },
            "configured to use key missing of configmap ns1/app-config, but the key is not present" },
        { new Volume { Name = "v", ConfigMap = new ConfigMapVolumeSource { Name = "app-config", Items = [new KeyToPath { Key = "level", Path = "../escape" }] } },
            "invalid path ../escape: must be relative and may not contain '..'" },
        { new Volume { Name = "v", ConfigMap = new ConfigMapVolumeSource { Name = "app-config", Items = [new KeyToPath { Key = "level", Path = "/etc/passwd" }] } },
            "invalid path /etc/passwd: must be relative and may not contain '..'" },
        { new Volume { Name = "v", Projected = new ProjectedVolumeSource { Sources = [
            new VolumeProjection { ConfigMap = new ConfigMapProjection { Name = "app-config", Items = [new KeyToPath { Key = "level", Path = "x" }] } },
            new VolumeProjection { Secret = new SecretProjection { Name = "creds", Items = [new KeyToPath { Key = "password", Path = "x" }] } }] } },
            "duplicate path x in volume v" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Missing_objects_keys_and_bad_paths_fail_the_mount(Volume volume, string message) =>
        Assert.Equal(message, Assert.Throws<VolumeSetupException>(() => Files(volume)).Message);

    [Fact]
    public void Optional_missing_objects_and_keys_leave_the_volume_without_them()
    {
        Assert.Empty(Files(new Volume { Name = "v", Secret = new SecretVolumeSource { SecretName = "nope", Optional = true } }));
        var files = Files(new Volume
        {
            Name = "v",
            ConfigMap = new ConfigMapVolumeSource { Name = "app-config", Optional = true, Items = [new KeyToPath { Key = "missing", Path = "m" }, new KeyToPath { Key = "level", Path = "l" }] },
        });
        Assert.Equal(["l"], files.Select(f => f.Path));
    }

    [Fact]
    public void Secret_downward_api_and_projected_volumes_combine_their_sources()
    {
        var files = Files(new Volume
        {
            Name = "v",
            Projected = new ProjectedVolumeSource
            {
                DefaultMode = 288, // 0440
                Sources =
                [
                    new VolumeProjection { Secret = new SecretProjection { Name = "creds" } },
                    new VolumeProjection { DownwardAPI = new DownwardAPIProjection { Items =
                    [
                        new DownwardAPIVolumeFile { Path = "labels", FieldRef = new ObjectFieldSelector { FieldPath = "metadata.labels" } },
                        new DownwardAPIVolumeFile { Path = "mem", ResourceFieldRef = new ResourceFieldSelector { ContainerName = "app", Resource = "limits.memory", Divisor = new ResourceQuantity("1Mi") } },
                    ] } },
                ],
            },
        });
        Assert.Equal([("password", "s3cret"), ("labels", "app=\"web\""), ("mem", "64")], files.Select(f => (f.Path, Text(f))));
        Assert.All(files, f => Assert.Equal(288, f.Mode));
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("a/b.txt", true)]
    [InlineData("..a", false)]
    [InlineData("a/../b", false)]
    [InlineData("a//b", false)]
    [InlineData("", false)]
    public void Only_relative_paths_without_dot_dot_are_safe(string path, bool safe) => Assert.Equal(safe, VolumeProjections.IsSafePath(path));

    [Fact]
    public void A_projected_service_account_token_is_requested_for_the_pod_with_its_audience_and_at_least_ten_minutes()
    {
        var sources = new Sources();
        var files = Files(new Volume
        {
            Name = "kube-api-access",
            Projected = new ProjectedVolumeSource
            {
                Sources =
                [
                    new VolumeProjection { ServiceAccountToken = new ServiceAccountTokenProjection { Path = "token", ExpirationSeconds = 3607 } },
                    new VolumeProjection { ServiceAccountToken = new ServiceAccountTokenProjection { Path = "vault-token", Audience = "vault", ExpirationSeconds = 60 } },
                    new VolumeProjection { DownwardAPI = new DownwardAPIProjection { Items = [new DownwardAPIVolumeFile { Path = "namespace", FieldRef = new ObjectFieldSelector { FieldPath = "metadata.namespace" } }] } },
                ],
            },
        }, sources);
        Assert.Equal([("token", "token-for-web-1-api"), ("vault-token", "token-for-web-1-vault"), ("namespace", "ns1")], files.Select(f => (f.Path, Text(f))));
        Assert.Equal([(null, 3607L), ("vault", 600L)], sources.TokenRequests);
    }
}
