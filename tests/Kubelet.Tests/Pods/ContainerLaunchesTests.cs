using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Api.Serialization;
using Cluster.Kubelet.Containers;
using Cluster.Kubelet.Images;
using Cluster.Kubelet.Pods;
using Cluster.TestKit;

namespace Cluster.Kubelet.Tests.Pods;

public sealed class ContainerLaunchesTests : IDisposable
{
    private readonly TempDirectory _data = new("launches");
    private readonly PodPaths _paths;

    public ContainerLaunchesTests() => _paths = new PodPaths(_data.Path);

    public void Dispose() => _data.Dispose();

    private static LocalImage Image(IReadOnlyList<string>? entrypoint = null, IReadOnlyList<string>? cmd = null) =>
        new(ImageReference.Parse("busybox:1.36"), "sha256:abc", "sha256:cfg", "/images/rootfs", new ImageRuntimeConfig
        {
            Entrypoint = entrypoint ?? [],
            Cmd = cmd ?? ["sh"],
            Env = ["PATH=/usr/bin:/bin", "LANG=C"],
            WorkingDir = "/home",
            StopSignal = "SIGQUIT",
        });

    private static Pod Pod(Container container, IReadOnlyList<Volume>? volumes = null) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "ns", Uid = "uid-1" },
        Spec = new PodSpec { Containers = [container], Volumes = volumes },
    };

    private ContainerLaunch Build(Container container, LocalImage? image = null, IReadOnlyList<KeyValuePair<string, string>>? env = null,
        IReadOnlyDictionary<string, string>? volumes = null) =>
        ContainerLaunches.Build(Pod(container), container, image ?? Image(), 2, env ?? [], volumes ?? new Dictionary<string, string>(), _paths, 8L << 30);

    [Theory]
    [InlineData(null, null, new[] { "/entry", "cmd-arg" })]
    [InlineData(new[] { "run" }, null, new[] { "run" })]
    [InlineData(null, new[] { "x" }, new[] { "/entry", "x" })]
    [InlineData(new[] { "run" }, new[] { "x" }, new[] { "run", "x" })]
    public void Argv_takes_command_and_args_over_the_images_entrypoint_and_cmd(string[]? command, string[]? args, string[] expected)
    {
        var launch = Build(new Container { Name = "c", Image = "busybox", Command = command, Args = args }, Image(["/entry"], ["cmd-arg"]));
        Assert.Equal(expected, launch.Args);
    }

    [Fact]
    public void Command_and_args_expand_variables_and_env_overrides_the_images()
    {
        var launch = Build(new Container { Name = "c", Image = "busybox", Command = ["echo", "$(GREETING)", "$(MISSING)"] },
            env: [new("GREETING", "hi"), new("LANG", "en")]);
        Assert.Equal(["echo", "hi", "$(MISSING)"], launch.Args);
        Assert.Equal([new("PATH", "/usr/bin:/bin"), new("GREETING", "hi"), new("LANG", "en")], launch.Env);
        Assert.Equal("/home", launch.WorkingDir);
        Assert.Equal("SIGQUIT", launch.StopSignal);
        Assert.Equal("docker.io/library/busybox@sha256:abc", launch.ImageId);
        Assert.Equal(2, launch.Attempt);
        Assert.EndsWith(Path.Combine("logs", "ns_web_uid-1", "c", "2.log"), launch.LogPath);
    }

    [Fact]
    public void Volume_mounts_resolve_to_host_paths_and_the_pod_files_are_mounted_unless_claimed()
    {
        var launch = Build(new Container
        {
            Name = "c", Image = "busybox",
            VolumeMounts = [new VolumeMount { Name = "data", MountPath = "/data", ReadOnly = true }, new VolumeMount { Name = "data", MountPath = "/etc/hosts", SubPath = "hosts" }],
        }, volumes: new Dictionary<string, string> { ["data"] = _data.Combine("vol") });
        Assert.Contains(new ContainerMount(_data.Combine("vol"), "/data", true), launch.Mounts);
        Assert.Contains(new ContainerMount(Path.Combine(_data.Combine("vol"), "hosts"), "/etc/hosts", false), launch.Mounts);
        Assert.Single(launch.Mounts, m => m.ContainerPath == "/etc/hosts");
        Assert.Contains(launch.Mounts, m => m.ContainerPath == "/etc/resolv.conf");
        Assert.Contains(launch.Mounts, m => m.ContainerPath == "/dev/termination-log");
        Assert.True(Directory.Exists(Path.Combine(_data.Combine("vol"), "hosts")));
    }

    [Theory]
    [InlineData("/abs")]
    [InlineData("../escape")]
    public void Sub_paths_may_not_leave_their_volume(string subPath)
    {
        var e = Assert.Throws<ContainerStartException>(() => Build(new Container
        {
            Name = "c", Image = "busybox", VolumeMounts = [new VolumeMount { Name = "data", MountPath = "/data", SubPath = subPath }],
        }, volumes: new Dictionary<string, string> { ["data"] = _data.Combine("vol") }));
        Assert.Equal("CreateContainerConfigError", e.Reason);
    }

    [Fact]
    public void Requests_and_limits_become_cgroup_values_and_the_qos_oom_score()
    {
        var launch = Build(new Container
        {
            Name = "c", Image = "busybox",
            Resources = new ResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m"), ["memory"] = new("64Mi") },
                Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m"), ["memory"] = new("128Mi") },
            },
        });
        Assert.Equal(256, launch.Resources.CpuShares);
        Assert.Equal(50_000, launch.Resources.CpuQuotaMicros);
        Assert.Equal(128L << 20, launch.Resources.MemoryLimitBytes);
        Assert.InRange(launch.Resources.OomScoreAdj!.Value, 2, 999);
    }

    [Theory]
    [InlineData("Guaranteed", 0L, -997)]
    [InlineData("BestEffort", 0L, 1000)]
    [InlineData("Burstable", 4L << 30, 500)]
    [InlineData("Burstable", 8L << 30, 2)]
    [InlineData("Burstable", 0L, 999)]
    public void Oom_scores_follow_the_kubelets_policy(string qos, long request, int expected) =>
        Assert.Equal(expected, ContainerLaunches.OomScoreAdjust(qos, request, 8L << 30));

    [Fact]
    public void A_container_without_any_command_cannot_be_made()
    {
        var e = Assert.Throws<ContainerStartException>(() => Build(new Container { Name = "c", Image = "scratch" }, Image([], [])));
        Assert.Equal("CreateContainerError", e.Reason);
    }

    [Fact]
    public void The_spec_hash_changes_with_the_image_but_not_with_resources()
    {
        var a = new Container { Name = "c", Image = "busybox:1" };
        Assert.NotEqual(ContainerAnnotations.Hash(a), ContainerAnnotations.Hash(a with { Image = "busybox:2" }));
        Assert.Equal(ContainerAnnotations.Hash(a), ContainerAnnotations.Hash(a with { Resources = new ResourceRequirements() }));
    }
}
