using Cluster.Kubelet.Cgroups;
using Cluster.Kubelet.Containers;
using Cluster.Kubelet.Containers.Runc;
using Cluster.Kubelet.Pods;
using Cluster.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Kubelet.Tests.Containers;

/// <summary>The runc runtime against real runc and cluster-shim (as root): sandboxes, limits, exits, OOM kills, adoption.</summary>
public sealed class RuncRuntimeTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("runc-runtime");
    private readonly string _podUid = Guid.NewGuid().ToString("N");
    private RuncRuntime _runtime = null!;
    private string _rootfs = null!;

    public async Task InitializeAsync()
    {
        _rootfs = BusyboxRootfs.Create(_dir.Combine("image"));
        _runtime = await RuncRuntime.OpenAsync(new RuncOptions { StateDirectory = _dir.Combine("state") }, null, NullLogger.Instance, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        foreach (var sandbox in await _runtime.ListPodSandboxesAsync(CancellationToken.None))
            await _runtime.RemovePodSandboxAsync(sandbox.Id, CancellationToken.None);
        _runtime.Dispose();
        _dir.Dispose();
    }

    private Task<SandboxInfo> SandboxAsync(PodCgroupLimits? limits = null) => _runtime.RunPodSandboxAsync(new SandboxConfig
    {
        PodUid = _podUid,
        PodNamespace = "test",
        PodName = "web-0",
        Hostname = "web-0",
        CgroupParent = $"/kubepods/besteffort/pod{_podUid}",
        CgroupLimits = limits ?? new PodCgroupLimits(),
    }, CancellationToken.None);

    private async Task<ContainerInfo> RunAsync(SandboxInfo sandbox, string name, string script, ContainerResources? resources = null, int attempt = 0)
    {
        var created = await _runtime.CreateContainerAsync(sandbox.Id, new ContainerLaunch
        {
            Name = name,
            Attempt = attempt,
            ImageRootfs = _rootfs,
            Image = "busybox",
            ImageId = "busybox@sha256:test",
            Args = ["sh", "-c", script],
            Env = [new("PATH", "/bin")],
            LogPath = _dir.Combine("logs", name, $"{attempt}.log"),
            Resources = resources ?? new ContainerResources(),
        }, CancellationToken.None);
        return await _runtime.StartContainerAsync(created.Id, CancellationToken.None);
    }

    private async Task<ContainerInfo> ExitedAsync(string id)
    {
        ContainerInfo? info = null;
        await Eventually.TrueAsync(async () =>
        {
            info = (await _runtime.ListContainersAsync(CancellationToken.None)).Single(c => c.Id == id);
            return info.State == ContainerRunState.Exited;
        }, TimeSpan.FromSeconds(30), $"container {id} exits");
        return info!;
    }

    [Fact]
    public async Task A_container_runs_in_the_pods_namespaces_logs_its_output_and_reports_its_exit_code()
    {
        var sandbox = await SandboxAsync();
        var started = await RunAsync(sandbox, "app", "hostname; echo out; echo err >&2; exit 3");
        Assert.NotNull(started.StartedAt);
        var exited = await ExitedAsync(started.Id);
        Assert.Equal(3, exited.ExitCode);
        Assert.Equal("Error", exited.Reason);
        Assert.NotNull(exited.FinishedAt);
        var log = await File.ReadAllTextAsync(exited.LogPath);
        Assert.Contains(" stdout F web-0\n", log);
        Assert.Contains(" stdout F out\n", log);
        Assert.Contains(" stderr F err\n", log);
    }

    [Fact]
    public async Task Containers_of_one_sandbox_share_its_network_ipc_and_uts_namespaces()
    {
        var sandbox = await SandboxAsync();
        const string script = "for ns in net ipc uts; do echo $ns=$(readlink /proc/self/ns/$ns); done";
        var first = await ExitedAsync((await RunAsync(sandbox, "a", script)).Id);
        var second = await ExitedAsync((await RunAsync(sandbox, "b", script)).Id);
        var a = Namespaces(await File.ReadAllTextAsync(first.LogPath));
        var b = Namespaces(await File.ReadAllTextAsync(second.LogPath));
        foreach (var shared in new[] { "net", "ipc", "uts" })
        {
            Assert.Equal(a[shared], b[shared]);
            Assert.NotEqual(File.ResolveLinkTarget($"/proc/self/ns/{shared}", false)!.ToString(), a[shared]);
        }
    }

    [Fact]
    public async Task Containers_of_one_sandbox_share_its_dev_shm()
    {
        var sandbox = await SandboxAsync();
        Assert.Equal(0, (await ExitedAsync((await RunAsync(sandbox, "writer", "echo shared > /dev/shm/note")).Id)).ExitCode);
        var reader = await ExitedAsync((await RunAsync(sandbox, "reader", "cat /dev/shm/note")).Id);
        Assert.Equal(0, reader.ExitCode);
        Assert.Contains(" stdout F shared\n", await File.ReadAllTextAsync(reader.LogPath));
    }

    private static Dictionary<string, string> Namespaces(string criLog) =>
        criLog.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 4)[3].Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1]);

    [Fact]
    public async Task Limits_are_written_to_the_containers_cgroups()
    {
        if (CgroupLayout.Detect() != CgroupVersion.V1) return; // this machine's layout; v2 paths differ
        var sandbox = await SandboxAsync(new PodCgroupLimits { CpuShares = 512, MemoryBytes = 256L << 20 });
        var running = await RunAsync(sandbox, "app", "sleep 60", new ContainerResources { CpuShares = 256, CpuQuotaMicros = 50_000, MemoryLimitBytes = 64L << 20 });
        var cgroup = $"kubepods/besteffort/pod{_podUid}/{running.Id}";
        Assert.Equal("67108864", File.ReadAllText($"/sys/fs/cgroup/memory/{cgroup}/memory.limit_in_bytes").Trim());
        Assert.Equal("50000", File.ReadAllText($"/sys/fs/cgroup/cpu/{cgroup}/cpu.cfs_quota_us").Trim());
        Assert.Equal("256", File.ReadAllText($"/sys/fs/cgroup/cpu/{cgroup}/cpu.shares").Trim());
        Assert.Equal("268435456", File.ReadAllText($"/sys/fs/cgroup/memory/kubepods/besteffort/pod{_podUid}/memory.limit_in_bytes").Trim());
        Assert.Equal("512", File.ReadAllText($"/sys/fs/cgroup/cpu/kubepods/besteffort/pod{_podUid}/cpu.shares").Trim());
    }

    [Fact]
    public async Task A_process_over_its_memory_limit_is_reported_oom_killed()
    {
        var sandbox = await SandboxAsync();
        var running = await RunAsync(sandbox, "hog", "a=0123456789abcdef; while :; do a=\"$a$a\"; done", new ContainerResources { MemoryLimitBytes = 32L << 20 });
        var exited = await ExitedAsync(running.Id);
        Assert.Equal(137, exited.ExitCode);
        Assert.Equal("OOMKilled", exited.Reason);
    }

    [Fact]
    public async Task Stopping_sends_the_stop_signal_then_kills_after_the_grace_period()
    {
        var sandbox = await SandboxAsync();
        var polite = await RunAsync(sandbox, "polite", "trap 'exit 0' TERM; while :; do sleep 0.1; done");
        await _runtime.StopContainerAsync(polite.Id, TimeSpan.FromSeconds(20), CancellationToken.None);
        Assert.Equal(0, (await ExitedAsync(polite.Id)).ExitCode);

        // As pid 1, sleep ignores SIGTERM: only the kill after the grace period ends it.
        var stubborn = await RunAsync(sandbox, "stubborn", "exec sleep 600");
        await _runtime.StopContainerAsync(stubborn.Id, TimeSpan.FromMilliseconds(300), CancellationToken.None);
        Assert.Equal(137, (await ExitedAsync(stubborn.Id)).ExitCode);
    }

    [Fact]
    public async Task Exec_runs_a_command_inside_the_running_container()
    {
        var sandbox = await SandboxAsync();
        var running = await RunAsync(sandbox, "app", "echo hello > /tmp/greeting; exec sleep 600");
        await Eventually.TrueAsync(async () => (await _runtime.ExecSyncAsync(running.Id, ["cat", "/tmp/greeting"], TimeSpan.FromSeconds(10), CancellationToken.None)).Output == "hello\n",
            TimeSpan.FromSeconds(20), "the file the container wrote is read by exec");
        var failed = await _runtime.ExecSyncAsync(running.Id, ["sh", "-c", "exit 4"], TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal(4, failed.ExitCode);
    }

    [Fact]
    public async Task A_reopened_runtime_adopts_running_containers_and_learns_exits_that_happened_meanwhile()
    {
        var sandbox = await SandboxAsync();
        var running = await RunAsync(sandbox, "long", "exec sleep 600");
        var short_ = await RunAsync(sandbox, "short", "sleep 1; exit 5");
        _runtime.Dispose();

        await Task.Delay(TimeSpan.FromSeconds(2));
        _runtime = await RuncRuntime.OpenAsync(new RuncOptions { StateDirectory = _dir.Combine("state") }, null, NullLogger.Instance, CancellationToken.None);
        var listed = await _runtime.ListContainersAsync(CancellationToken.None);
        var adopted = listed.Single(c => c.Id == running.Id);
        Assert.Equal(ContainerRunState.Running, adopted.State);
        Assert.Equal(running.Pid, adopted.Pid);
        Assert.Equal(5, (await ExitedAsync(short_.Id)).ExitCode);
        Assert.Single(await _runtime.ListPodSandboxesAsync(CancellationToken.None), s => s.Id == sandbox.Id && s.State == SandboxState.Ready);
    }

    [Fact]
    public async Task A_command_that_cannot_start_fails_with_start_error()
    {
        var sandbox = await SandboxAsync();
        var created = await _runtime.CreateContainerAsync(sandbox.Id, new ContainerLaunch
        {
            Name = "broken", ImageRootfs = _rootfs, Image = "busybox", ImageId = "x", Args = ["/no/such/binary"], LogPath = _dir.Combine("logs", "broken.log"),
        }, CancellationToken.None);
        var e = await Assert.ThrowsAsync<ContainerStartException>(() => _runtime.StartContainerAsync(created.Id, CancellationToken.None));
        Assert.Equal("RunContainerError", e.Reason);
        var info = (await _runtime.ListContainersAsync(CancellationToken.None)).Single(c => c.Id == created.Id);
        Assert.Equal(ContainerRunState.Exited, info.State);
        Assert.Equal("StartError", info.Reason);
        Assert.Equal(128, info.ExitCode);
    }

    [Fact]
    public async Task Removing_the_sandbox_removes_its_containers_namespaces_and_pod_cgroup()
    {
        var sandbox = await SandboxAsync();
        var running = await RunAsync(sandbox, "app", "exec sleep 600");
        Assert.True(File.Exists(sandbox.NetnsPath));
        await _runtime.RemovePodSandboxAsync(sandbox.Id, CancellationToken.None);
        Assert.Empty(await _runtime.ListContainersAsync(CancellationToken.None));
        Assert.False(File.Exists(sandbox.NetnsPath));
        Assert.Null(ProcessStat.StartTicks(running.Pid!.Value));
        Assert.False(Directory.Exists($"/sys/fs/cgroup/memory/kubepods/besteffort/pod{_podUid}"));
    }

    [Fact]
    public async Task The_stats_summary_reads_cpu_and_memory_of_the_node_pods_and_containers_from_cgroups()
    {
        var sandbox = await SandboxAsync();
        var busy = await RunAsync(sandbox, "busy", "a=x; while :; do a=$a; done");
        var stats = new AgentStats("node-1", CgroupLayout.Detect(), TimeProvider.System);
        stats.Attach(_runtime);
        await stats.SummaryAsync(CancellationToken.None);
        await Task.Delay(300);
        var summary = await stats.SummaryAsync(CancellationToken.None);

        Assert.Equal("node-1", summary.Node.NodeName);
        Assert.True(summary.Node.Memory!.WorkingSetBytes > 0);
        var pod = Assert.Single(summary.Pods);
        Assert.Equal(_podUid, pod.PodRef.Uid);
        Assert.Equal("web-0", pod.PodRef.Name);
        var container = Assert.Single(pod.Containers);
        Assert.Equal("busy", container.Name);
        Assert.True(container.Cpu!.UsageCoreNanoSeconds > 0);
        Assert.True(container.Cpu.UsageNanoCores > 0, "a busy loop uses cpu between two readings");
        Assert.True(container.Memory!.UsageBytes > 0);
        Assert.True(pod.Memory!.UsageBytes >= container.Memory.UsageBytes);
        await _runtime.StopContainerAsync(busy.Id, TimeSpan.Zero, CancellationToken.None);
    }

    [Fact]
    public async Task Images_used_by_any_container_are_kept_from_garbage_collection()
    {
        using var store = await Kubelet.Images.ImageStore.OpenAsync(_dir.Combine("images"));
        var name = Kubelet.Images.ImageReference.Parse("docker.io/library/busybox:gc");
        var image = await Kubelet.Images.Archives.BusyboxImage.BuildAsync(store, name);
        var gc = new Kubelet.Images.ImageGcLoop(store, _runtime, new Kubelet.Images.ImageGarbageCollector(store), TimeSpan.FromMinutes(5), TimeProvider.System, NullLogger.Instance);
        Assert.Empty(await gc.InUseAsync(CancellationToken.None));

        var sandbox = await SandboxAsync();
        var created = await _runtime.CreateContainerAsync(sandbox.Id, new ContainerLaunch
        {
            Name = "app", ImageRootfs = _rootfs, Image = "busybox:gc", ImageId = $"{name.Name}@{image.Digest}", Args = ["true"], LogPath = _dir.Combine("logs", "gc.log"),
        }, CancellationToken.None);
        Assert.Equal([image.Id], await gc.InUseAsync(CancellationToken.None));
        await _runtime.RemoveContainerAsync(created.Id, CancellationToken.None);
        Assert.Empty(await gc.InUseAsync(CancellationToken.None));
    }
}
