using Cluster.Kubelet.Containers;
using Cluster.Kubelet.Containers.Oci;
using Cluster.TestKit;

namespace Cluster.Kubelet.Tests.Containers;

public sealed class OciSpecBuilderTests : IDisposable
{
    private readonly TempDirectory _rootfs = new("oci-rootfs");

    public OciSpecBuilderTests()
    {
        Directory.CreateDirectory(_rootfs.Combine("etc"));
        File.WriteAllText(_rootfs.Combine("etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\nwww:x:33:44:www:/var/www:/bin/false\nbroken:x:abc:0::/:/bin/false\n");
        File.WriteAllText(_rootfs.Combine("etc", "group"), "root:x:0:\nstaff:x:50:\nbrokengroup:x:xyz:\n");
    }

    public void Dispose() => _rootfs.Dispose();

    private ContainerPlacement Placement(bool hostNetwork = false) => new(_rootfs.Path, "/kubepods/burstable/podu/c1", hostNetwork ? null : "web-0",
        hostNetwork ? null : "/var/run/netns/cluster-x", "/sb/ipc", hostNetwork ? null : "/sb/uts");

    private static ContainerLaunch Launch(ContainerSecurity? security = null, ContainerResources? resources = null, IReadOnlyList<ContainerMount>? mounts = null) => new()
    {
        Name = "app",
        ImageRootfs = "/images/x",
        Image = "busybox",
        ImageId = "docker.io/library/busybox@sha256:1",
        Args = ["sh", "-c", "echo hi"],
        Env = [new("PATH", "/bin"), new("A", "1")],
        WorkingDir = "/work",
        LogPath = "/logs/0.log",
        Security = security ?? new ContainerSecurity(),
        Resources = resources ?? new ContainerResources(),
        Mounts = mounts ?? [],
    };

    [Fact]
    public void Process_carries_argv_env_cwd_and_the_default_capabilities_with_no_new_privileges()
    {
        var spec = OciSpecBuilder.Build(Launch(), Placement(), memorySwapAccounting: true);
        Assert.Equal(["sh", "-c", "echo hi"], spec.Process.Args);
        Assert.Equal(["PATH=/bin", "A=1"], spec.Process.Env);
        Assert.Equal("/work", spec.Process.Cwd);
        Assert.True(spec.Process.NoNewPrivileges);
        Assert.Equal(OciSpecBuilder.DefaultCapabilities, spec.Process.Capabilities!.Bounding);
        Assert.DoesNotContain("CAP_SYS_ADMIN", spec.Process.Capabilities.Effective);
        Assert.Equal(OciSpecBuilder.MaskedPaths, spec.Linux.MaskedPaths);
        Assert.Contains("/proc/sys", spec.Linux.ReadonlyPaths!);
        Assert.Equal("web-0", spec.Hostname);
    }

    [Fact]
    public void The_pod_namespaces_are_joined_by_path_and_pid_and_mount_are_the_containers_own()
    {
        var spec = OciSpecBuilder.Build(Launch(), Placement(), true);
        Assert.Contains(new OciNamespace("network", "/var/run/netns/cluster-x"), spec.Linux.Namespaces);
        Assert.Contains(new OciNamespace("ipc", "/sb/ipc"), spec.Linux.Namespaces);
        Assert.Contains(new OciNamespace("uts", "/sb/uts"), spec.Linux.Namespaces);
        Assert.Contains(new OciNamespace("pid"), spec.Linux.Namespaces);
        Assert.Contains(new OciNamespace("mount"), spec.Linux.Namespaces);
    }

    [Fact]
    public void Host_network_pods_share_the_hosts_network_and_uts_namespaces()
    {
        var spec = OciSpecBuilder.Build(Launch(), Placement(hostNetwork: true), true);
        Assert.DoesNotContain(spec.Linux.Namespaces, n => n.Type is "network" or "uts");
        Assert.Null(spec.Hostname);
    }

    [Fact]
    public void Resources_become_cpu_shares_quota_and_a_memory_limit_without_swap()
    {
        var spec = OciSpecBuilder.Build(Launch(resources: new ContainerResources { CpuShares = 512, CpuQuotaMicros = 50_000, MemoryLimitBytes = 64 << 20, PidsLimit = 100 }), Placement(), true);
        var resources = spec.Linux.Resources!;
        Assert.Equal(512UL, resources.Cpu!.Shares);
        Assert.Equal(50_000, resources.Cpu.Quota);
        Assert.Equal(100_000UL, resources.Cpu.Period);
        Assert.Equal(64L << 20, resources.Memory!.Limit);
        Assert.Equal(64L << 20, resources.Memory.Swap);
        Assert.Equal(100, resources.Pids!.Limit);
        Assert.Equal("/kubepods/burstable/podu/c1", spec.Linux.CgroupsPath);

        var noSwapAccounting = OciSpecBuilder.Build(Launch(resources: new ContainerResources { MemoryLimitBytes = 1 << 20 }), Placement(), false);
        Assert.Null(noSwapAccounting.Linux.Resources!.Memory!.Swap);
        Assert.Null(noSwapAccounting.Linux.Resources.Cpu!.Period);
    }

    [Fact]
    public void Capabilities_are_added_and_dropped_by_their_kubernetes_names()
    {
        var spec = OciSpecBuilder.Build(Launch(new ContainerSecurity { AddCapabilities = ["NET_ADMIN"], DropCapabilities = ["chown", "CAP_KILL"] }), Placement(), true);
        Assert.Contains("CAP_NET_ADMIN", spec.Process.Capabilities!.Effective);
        Assert.DoesNotContain("CAP_CHOWN", spec.Process.Capabilities.Effective);
        Assert.DoesNotContain("CAP_KILL", spec.Process.Capabilities.Effective);

        var none = OciSpecBuilder.Build(Launch(new ContainerSecurity { DropCapabilities = ["ALL"], AddCapabilities = ["NET_BIND_SERVICE"] }), Placement(), true);
        Assert.Equal(["CAP_NET_BIND_SERVICE"], none.Process.Capabilities!.Effective);
    }

    [Fact]
    public void Privileged_containers_get_every_capability_no_masks_and_a_writable_sys()
    {
        var spec = OciSpecBuilder.Build(Launch(new ContainerSecurity { Privileged = true }), Placement(), true);
        Assert.Contains("CAP_SYS_ADMIN", spec.Process.Capabilities!.Effective);
        Assert.Null(spec.Linux.MaskedPaths);
        Assert.False(spec.Process.NoNewPrivileges);
        Assert.DoesNotContain("ro", spec.Mounts.Single(m => m.Destination == "/sys").Options!);
    }

    [Theory]
    [InlineData(null, "", 0L, 0L)]
    [InlineData(null, "www", 33L, 44L)]
    [InlineData(null, "33", 33L, 44L)]
    [InlineData(null, "1234", 1234L, 0L)]
    [InlineData(null, "www:staff", 33L, 50L)]
    [InlineData(null, "www:7", 33L, 7L)]
    [InlineData(33L, "root", 33L, 44L)]
    public void The_user_is_run_as_user_or_the_images_user_resolved_in_its_passwd(long? runAsUser, string imageUser, long uid, long gid)
    {
        var spec = OciSpecBuilder.Build(Launch(new ContainerSecurity { RunAsUser = runAsUser, ImageUser = imageUser }), Placement(), true);
        Assert.Equal(uid, spec.Process.User.Uid);
        Assert.Equal(gid, spec.Process.User.Gid);
    }

    [Theory]
    [InlineData("nobody-here")]
    [InlineData("broken")] // a passwd entry whose uid is not a number
    [InlineData("www:brokengroup")] // a group entry whose gid is not a number
    public void An_image_user_missing_from_passwd_or_malformed_there_cannot_start(string imageUser)
    {
        var e = Assert.Throws<ContainerStartException>(() => OciSpecBuilder.Build(Launch(new ContainerSecurity { ImageUser = imageUser }), Placement(), true));
        Assert.Equal("CreateContainerError", e.Reason);
    }

    [Fact]
    public void Volume_mounts_are_bind_mounts_and_replace_a_default_mount_at_the_same_place()
    {
        var spec = OciSpecBuilder.Build(Launch(mounts: [new ContainerMount("/pods/u/volumes/shm", "/dev/shm", false), new ContainerMount("/cfg", "/etc/config", true)]), Placement(), true);
        var shm = Assert.Single(spec.Mounts, m => m.Destination == "/dev/shm");
        Assert.Equal("bind", shm.Type);
        Assert.Equal("/pods/u/volumes/shm", shm.Source);
        Assert.Contains("ro", spec.Mounts.Single(m => m.Destination == "/etc/config").Options!);
    }

    [Fact]
    public void Read_only_root_file_systems_are_marked_read_only()
    {
        var spec = OciSpecBuilder.Build(Launch(new ContainerSecurity { ReadOnlyRootFilesystem = true }), Placement(), true);
        Assert.True(spec.Root.Readonly);
    }
}
