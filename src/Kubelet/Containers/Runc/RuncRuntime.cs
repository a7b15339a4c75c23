using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Cluster.Kubelet.Cgroups;
using Cluster.Kubelet.Containers.Oci;
using Cluster.Kubelet.Network;
using Microsoft.Extensions.Logging;

namespace Cluster.Kubelet.Containers.Runc;

public sealed record RuncOptions
{
    /// <summary>Holds sandboxes/, containers/ (bundles), exits/ (the shims' exit files) and runc's own state root.</summary>
    public required string StateDirectory { get; init; }
    public string RuncPath { get; init; } = "runc";
    /// <summary>The cluster-shim binary; next to the assemblies by default.</summary>
    public string? ShimPath { get; init; }
    public CgroupVersion? CgroupVersion { get; init; }
}

/// <summary>
/// The runc runtime. A sandbox is a set of pinned namespaces (no pause process) plus its network and pod cgroup; a
/// container is an OCI bundle whose root file system is an overlay on the image's shared rootfs, run by runc under a
/// cluster-shim that outlives the kubelet, copies output into the CRI log and writes an exit file when the container
/// ends. Everything is recorded on disk, so a restarted kubelet lists the same sandboxes and containers and keeps them.
/// </summary>
public sealed class RuncRuntime : IContainerRuntime, IDisposable
{
    private readonly RuncOptions _options;
    private readonly IPodNetwork? _network;
    private readonly ILogger _logger;
    private readonly PodCgroups _cgroups;
    private readonly bool _swapAccounting;
    private readonly ConcurrentDictionary<string, SandboxRecord> _sandboxes = new();
    private readonly ConcurrentDictionary<string, ContainerRecord> _containers = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _exitWaiters = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seenWithoutProcess = new();
    private readonly FileSystemWatcher _exitWatcher;
    private readonly ShimLauncher _shims;

    private RuncRuntime(RuncOptions options, IPodNetwork? network, ILogger logger, string version)
    {
        _options = options;
        _network = network;
        _logger = logger;
        Version = version;
        _cgroups = new PodCgroups(options.CgroupVersion ?? CgroupLayout.Detect());
        _swapAccounting = File.Exists(Path.Combine(CgroupLayout.Root, "memory", "memory.memsw.limit_in_bytes"));
        _shims = new ShimLauncher(options.ShimPath ?? ShimBinary.Path, logger);
        _exitWatcher = new FileSystemWatcher(ExitsDirectory, "*.json") { NotifyFilter = NotifyFilters.FileName };
        _exitWatcher.Created += (_, e) => OnExitFile(e.Name);
        _exitWatcher.Renamed += (_, e) => OnExitFile(e.Name);
        _exitWatcher.EnableRaisingEvents = true;
    }

    public string Version { get; }

    public event Action<string, string>? ContainerExited;

    private string SandboxesDirectory => Path.Combine(_options.StateDirectory, "sandboxes");
    private string ContainersDirectory => Path.Combine(_options.StateDirectory, "containers");
    private string ExitsDirectory => Path.Combine(_options.StateDirectory, "exits");
    private string RuncRoot => Path.Combine(_options.StateDirectory, "runc");

    /// <summary>Opens the runtime over its state directory, loading the sandboxes and containers a previous run left.</summary>
    public static async Task<RuncRuntime> OpenAsync(RuncOptions options, IPodNetwork? network, ILogger logger, CancellationToken ct)
    {
        foreach (var dir in new[] { "sandboxes", "containers", "exits", "runc" }) Directory.CreateDirectory(Path.Combine(options.StateDirectory, dir));
        options = options with { RuncPath = ResolveProgram(options.RuncPath) };
        var version = await VersionAsync(options.RuncPath, ct);
        var runtime = new RuncRuntime(options, network, logger, version);
        runtime.Load();
        return runtime;
    }

    public void Dispose() => _exitWatcher.Dispose();

    /// <summary>The runtime version a node reports (nodeInfo.containerRuntimeVersion), e.g. runc://1.1.5+ds1.</summary>
    public static async Task<string> VersionAsync(string runcPath, CancellationToken ct)
    {
        var text = await HostCommand.RunAsync(ResolveProgram(runcPath), ["--version"], null, ct);
        return "runc://" + text.Split('\n')[0].Replace("runc version", "", StringComparison.Ordinal).Trim();
    }

    /// <summary>A program's full path (the shim gets it as is): PATH first, then the sbin directories root's PATH has.</summary>
    private static string ResolveProgram(string program)
    {
        if (program.Contains('/')) return program;
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin"]);
        return dirs.Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists) ?? program;
    }

    public async Task<SandboxInfo> RunPodSandboxAsync(SandboxConfig config, CancellationToken ct)
    {
        var id = NewId();
        var dir = Path.Combine(SandboxesDirectory, id);
        Directory.CreateDirectory(dir);
        var record = new SandboxRecord { Id = id, Config = config, CreatedAt = DateTimeOffset.UtcNow, State = SandboxState.NotReady };
        // Recorded before anything is made, so a crash part-way leaves something to clean up.
        await SaveAsync(record, ct);
        try
        {
            _cgroups.Ensure(config.CgroupParent, config.CgroupLimits);
            var pinned = await SandboxNamespaces.CreateAsync(id, dir, config.HostNetwork, config.HostIpc, ct);
            record = record with { NetnsPath = pinned.Network, IpcPath = pinned.Ipc, UtsPath = pinned.Uts, ShmPath = pinned.Ipc is null ? null : MountShm(dir) };
            await SaveAsync(record, ct);
            IPAddress? ip = null;
            if (!config.HostNetwork && _network is not null)
            {
                var mappings = config.PortMappings.Select(p => new HostPortMapping(p.HostPort, p.ContainerPort, p.Protocol, p.HostIp)).ToList();
                var status = await _network.SetUpAsync(
                    new PodNetworkRequest(id, config.PodNamespace, config.PodName, SandboxNamespaces.NetnsName(id), mappings), ct);
                ip = status.PodIp;
            }

            record = record with { State = SandboxState.Ready, PodIp = ip?.ToString() };
            await SaveAsync(record, ct);
            return ToInfo(record);
        }
        catch
        {
            await RemovePodSandboxAsync(id, CancellationToken.None);
            throw;
        }
    }

    public async Task StopPodSandboxAsync(string sandboxId, CancellationToken ct)
    {
        if (!_sandboxes.TryGetValue(sandboxId, out var record)) return;
        foreach (var container in _containers.Values.Where(c => c.SandboxId == sandboxId))
            await StopContainerAsync(container.Id, TimeSpan.Zero, ct);
        if (record.NetnsPath is not null && _network is not null)
            await _network.TearDownAsync(sandboxId, SandboxNamespaces.NetnsName(sandboxId), ct);
        if (record.State != SandboxState.NotReady) await SaveAsync(record with { State = SandboxState.NotReady }, ct);
    }

    public async Task RemovePodSandboxAsync(string sandboxId, CancellationToken ct)
    {
        if (!_sandboxes.TryGetValue(sandboxId, out var record)) return;
        await StopPodSandboxAsync(sandboxId, ct);
        foreach (var container in _containers.Values.Where(c => c.SandboxId == sandboxId).ToList())
            await RemoveContainerAsync(container.Id, ct);
        SandboxNamespaces.Remove(new PinnedNamespaces(record.NetnsPath, record.IpcPath, record.UtsPath));
        if (record.ShmPath is { } shm) NativeFs.Unmount(shm);
        // Attempts of one pod share its cgroup; the last one out removes it.
        if (!_sandboxes.Values.Any(s => s.Id != sandboxId && s.Config.PodUid == record.Config.PodUid)) _cgroups.Remove(record.Config.CgroupParent);
        Directory.Delete(Path.Combine(SandboxesDirectory, sandboxId), recursive: true);
        _sandboxes.TryRemove(sandboxId, out _);
    }

    /// <summary>The pod's /dev/shm: a 64 MiB tmpfs (the container runtimes' default size) its containers bind-mount.</summary>
    private static string MountShm(string sandboxDirectory)
    {
        var shm = Path.Combine(sandboxDirectory, "shm");
        Directory.CreateDirectory(shm);
        NativeFs.Mount("shm", shm, "tmpfs", 0, "mode=1777,size=67108864");
        return shm;
    }

    public Task<IReadOnlyList<SandboxInfo>> ListPodSandboxesAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<SandboxInfo>>(_sandboxes.Values.Select(ToInfo).ToList());

    public async Task<ContainerInfo> CreateContainerAsync(string sandboxId, ContainerLaunch launch, CancellationToken ct)
    {
        if (!_sandboxes.TryGetValue(sandboxId, out var sandbox) || sandbox.State != SandboxState.Ready)
            throw new ContainerStartException("CreateContainerError", $"sandbox {sandboxId} is not ready");
        var id = NewId();
        var dir = Path.Combine(ContainersDirectory, id);
        var rootfs = Path.Combine(dir, "rootfs");
        foreach (var sub in new[] { "rootfs", "upper", "work" }) Directory.CreateDirectory(Path.Combine(dir, sub));
        Directory.CreateDirectory(Path.GetDirectoryName(launch.LogPath)!);
        var record = new ContainerRecord
        {
            Id = id,
            SandboxId = sandboxId,
            PodUid = sandbox.Config.PodUid,
            Name = launch.Name,
            Attempt = launch.Attempt,
            Image = launch.Image,
            ImageId = launch.ImageId,
            LogPath = launch.LogPath,
            CgroupsPath = $"{sandbox.Config.CgroupParent}/{id}",
            CreatedAt = DateTimeOffset.UtcNow,
            Stdin = launch.Stdin,
            Tty = launch.Tty,
            StopSignal = launch.StopSignal,
            Annotations = launch.Annotations,
        };
        await SaveAsync(record, ct);
        try
        {
            NativeFs.Mount("overlay", rootfs, "overlay", 0,
                $"lowerdir={launch.ImageRootfs},upperdir={Path.Combine(dir, "upper")},workdir={Path.Combine(dir, "work")}");
            var placement = new ContainerPlacement(rootfs, record.CgroupsPath, sandbox.Config.HostNetwork ? null : sandbox.Config.Hostname,
                sandbox.NetnsPath, sandbox.IpcPath, sandbox.UtsPath, sandbox.ShmPath);
            var spec = OciSpecBuilder.Build(WithinAgentLimits(launch), placement, _swapAccounting);
            await File.WriteAllBytesAsync(Path.Combine(dir, "config.json"), JsonSerializer.SerializeToUtf8Bytes(spec, OciJsonContext.Default.OciSpec), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await RemoveContainerAsync(id, CancellationToken.None);
            throw e as ContainerStartException ?? new ContainerStartException("CreateContainerError", e.Message);
        }

        return ToInfo(record);
    }

    public async Task<ContainerInfo> StartContainerAsync(string containerId, CancellationToken ct)
    {
        var record = Find(containerId);
        var dir = Path.Combine(ContainersDirectory, containerId);
        var started = await _shims.StartAsync(new ShimRequest(containerId, dir, RuncRoot, record.LogPath, ExitFile(containerId), _options.RuncPath, record.Stdin, record.Tty), ct);
        if (started.Pid is not { } pid)
        {
            var failed = record with
            {
                StartedAt = DateTimeOffset.UtcNow,
                Exit = new ContainerExit { ExitCode = 128, FinishedAt = DateTimeOffset.UtcNow, StartFailed = true, Message = started.Error },
            };
            await SaveAsync(failed, ct);
            await RuncDeleteAsync(containerId);
            throw new ContainerStartException("RunContainerError", started.Error ?? "the container did not start");
        }

        record = record with { StartedAt = DateTimeOffset.UtcNow, Pid = pid, PidStartTicks = ProcessStat.StartTicks(pid) };
        await SaveAsync(record, ct);
        // The container may already have ended and its exit file appeared before the record knew the pid.
        if (File.Exists(ExitFile(containerId))) OnExitFile(containerId + ".json");
        return ToInfo(_containers[containerId]);
    }

    public async Task StopContainerAsync(string containerId, TimeSpan gracePeriod, CancellationToken ct)
    {
        if (!_containers.TryGetValue(containerId, out var record) || record.Exit is not null || record.Pid is not { } pid) return;
        if (!IsAlive(record))
        {
            await MarkUnknownIfNoExitAsync(record, ct);
            return;
        }

        if (gracePeriod > TimeSpan.Zero)
        {
            NativeFs.Kill(pid, Signals.Number(record.StopSignal));
            if (await WaitForExitAsync(containerId, gracePeriod, ct)) return;
        }

        NativeFs.Kill(pid, Signals.Kill);
        if (!await WaitForExitAsync(containerId, TimeSpan.FromSeconds(10), ct))
            await MarkUnknownIfNoExitAsync(_containers[containerId], ct);
    }

    public async Task RemoveContainerAsync(string containerId, CancellationToken ct)
    {
        if (!_containers.TryGetValue(containerId, out var record)) return;
        if (record.Exit is null && record.Pid is not null) await StopContainerAsync(containerId, TimeSpan.Zero, ct);
        await RuncDeleteAsync(containerId);
        var dir = Path.Combine(ContainersDirectory, containerId);
        NativeFs.Unmount(Path.Combine(dir, "rootfs"));
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        File.Delete(ExitFile(containerId));
        _containers.TryRemove(containerId, out _);
        _seenWithoutProcess.TryRemove(containerId, out _);
    }

    public async Task<IReadOnlyList<ContainerInfo>> ListContainersAsync(CancellationToken ct)
    {
        foreach (var record in _containers.Values)
            if (record.Exit is null && record.Pid is not null && !IsAlive(record)) await MarkUnknownIfNoExitAsync(record, ct);
        return _containers.Values.Select(ToInfo).ToList();
    }

    public async Task<ExecResult> ExecSyncAsync(string containerId, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            var result = await HostCommand.RunForResultAsync(_options.RuncPath, ["--root", RuncRoot, "exec", containerId, .. command], null, limit.Token);
            return new ExecResult(result.ExitCode, result.Stdout + result.Stderr);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new ExecResult(-1, $"command timed out after {timeout.TotalSeconds:0.###}s", TimedOut: true);
        }
    }

    /// <summary>Where a container's bundle lives (attach.sock, config.json); for the streaming server.</summary>
    public string BundleDirectory(string containerId) => Path.Combine(ContainersDirectory, containerId);

    public string RuncStateRoot => RuncRoot;

    private void Load()
    {
        foreach (var file in Directory.EnumerateFiles(SandboxesDirectory, "sandbox.json", SearchOption.AllDirectories))
            if (RecordFiles.TryRead(file, RuntimeJsonContext.Default.SandboxRecord) is { } sandbox) _sandboxes[sandbox.Id] = sandbox;
        foreach (var dir in Directory.EnumerateDirectories(ContainersDirectory))
        {
            if (RecordFiles.TryRead(Path.Combine(dir, "container.json"), RuntimeJsonContext.Default.ContainerRecord) is not { } container) continue;
            _containers[container.Id] = container;
            if (container.Exit is null && File.Exists(ExitFile(container.Id))) OnExitFile(container.Id + ".json");
        }
    }

    private void OnExitFile(string? name)
    {
        if (name is null || !name.EndsWith(".json", StringComparison.Ordinal)) return;
        var id = name[..^".json".Length];
        if (!_containers.TryGetValue(id, out var record) || record.Exit is not null || record.Pid is null) return;
        if (RecordFiles.TryRead(ExitFile(id), RuntimeJsonContext.Default.ContainerExit) is not { } exit) return;
        exit = exit with { OomKilled = _cgroups.OomKills(record.CgroupsPath) > 0 };
        var ended = record with { Exit = exit };
        // The watcher, a stop waiting for the exit and a start that raced it may all get here: one records the end.
        if (!_containers.TryUpdate(id, ended, record)) return;
        try
        {
            RecordFiles.WriteAsync(Path.Combine(ContainersDirectory, id, "container.json"), ended, RuntimeJsonContext.Default.ContainerRecord, CancellationToken.None)
                .GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            _logger.LogWarning(e, "recording the exit of container {Id}", id);
        }

        if (_exitWaiters.TryRemove(id, out var waiter)) waiter.TrySetResult();
        ContainerExited?.Invoke(id, record.PodUid);
    }

    private async Task<bool> WaitForExitAsync(string containerId, TimeSpan timeout, CancellationToken ct)
    {
        var waiter = _exitWaiters.GetOrAdd(containerId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            if (_containers.TryGetValue(containerId, out var record) && record.Exit is not null) return true;
            // The watcher is the fast path; looking at the file covers an event it missed.
            if (File.Exists(ExitFile(containerId))) OnExitFile(containerId + ".json");
            var left = deadline - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero) return _containers.TryGetValue(containerId, out var last) && last.Exit is not null;
            await Task.WhenAny(waiter.Task, Task.Delay(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200), ct));
            ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// The init process is gone but no exit file came: the shim may still be draining output; after a grace period the
    /// end is recorded as unknown (the shim was killed too).
    /// </summary>
    private async Task MarkUnknownIfNoExitAsync(ContainerRecord record, CancellationToken ct)
    {
        if (File.Exists(ExitFile(record.Id)))
        {
            OnExitFile(record.Id + ".json");
            return;
        }

        var first = _seenWithoutProcess.GetOrAdd(record.Id, _ => DateTimeOffset.UtcNow);
        if (DateTimeOffset.UtcNow - first < TimeSpan.FromSeconds(5)) return;
        var ended = record with { Exit = new ContainerExit { ExitCode = 137, FinishedAt = DateTimeOffset.UtcNow, Unknown = true } };
        if (!_containers.TryUpdate(record.Id, ended, record)) return;
        await SaveAsync(ended, ct);
        if (_exitWaiters.TryRemove(record.Id, out var waiter)) waiter.TrySetResult();
        ContainerExited?.Invoke(record.Id, record.PodUid);
    }

    private static bool IsAlive(ContainerRecord record) =>
        record.Pid is { } pid && ProcessStat.StartTicks(pid) is { } ticks && ticks == record.PidStartTicks;

    private async Task RuncDeleteAsync(string containerId)
    {
        try
        {
            await HostCommand.RunAsync(_options.RuncPath, ["--root", RuncRoot, "delete", "--force", containerId], null, CancellationToken.None);
        }
        catch (HostCommandException e) when (e.StandardError.Contains("does not exist", StringComparison.Ordinal))
        {
        }
        catch (HostCommandException e)
        {
            _logger.LogWarning("runc delete {Id}: {Error}", containerId, e.Message);
        }
    }

    /// <summary>
    /// A score below the agent's own needs CAP_SYS_RESOURCE, which hosts (and containerised agents) may withhold; the
    /// kubelet runs at -999, so only such hosts see the clamp.
    /// </summary>
    private static ContainerLaunch WithinAgentLimits(ContainerLaunch launch)
    {
        if (launch.Resources.OomScoreAdj is not { } score || OwnOomScoreAdj is not { } own || score >= own) return launch;
        return launch with { Resources = launch.Resources with { OomScoreAdj = own } };
    }

    private static readonly int? OwnOomScoreAdj =
        int.TryParse(File.Exists("/proc/self/oom_score_adj") ? File.ReadAllText("/proc/self/oom_score_adj").Trim() : null, out var own) ? own : null;

    private ContainerRecord Find(string containerId) =>
        _containers.TryGetValue(containerId, out var record) ? record : throw new ContainerStartException("CreateContainerError", $"container {containerId} does not exist");

    private string ExitFile(string containerId) => Path.Combine(ExitsDirectory, containerId + ".json");

    private async Task SaveAsync(SandboxRecord record, CancellationToken ct)
    {
        await RecordFiles.WriteAsync(Path.Combine(SandboxesDirectory, record.Id, "sandbox.json"), record, RuntimeJsonContext.Default.SandboxRecord, ct);
        _sandboxes[record.Id] = record;
    }

    private async Task SaveAsync(ContainerRecord record, CancellationToken ct)
    {
        await RecordFiles.WriteAsync(Path.Combine(ContainersDirectory, record.Id, "container.json"), record, RuntimeJsonContext.Default.ContainerRecord, ct);
        _containers[record.Id] = record;
    }

    // 64 random bits: unique on a node, and short enough that the shim's unix sockets under the bundle stay within
    // the 107-byte sun_path limit even under long data directories.
    private static string NewId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

    private static SandboxInfo ToInfo(SandboxRecord record) => new()
    {
        Id = record.Id,
        Config = record.Config,
        State = record.State,
        CreatedAt = record.CreatedAt,
        PodIp = record.PodIp is { } ip ? IPAddress.Parse(ip) : null,
        NetnsPath = record.NetnsPath,
    };

    private ContainerInfo ToInfo(ContainerRecord record)
    {
        var exit = record.Exit;
        var state = exit is not null ? ContainerRunState.Exited
            : record.StartedAt is null ? ContainerRunState.Created
            : ContainerRunState.Running;
        return new ContainerInfo
        {
            Id = record.Id,
            SandboxId = record.SandboxId,
            PodUid = record.PodUid,
            Name = record.Name,
            Attempt = record.Attempt,
            Image = record.Image,
            ImageId = record.ImageId,
            State = state,
            CreatedAt = record.CreatedAt,
            StartedAt = record.StartedAt,
            FinishedAt = exit?.FinishedAt,
            ExitCode = exit?.ExitCode,
            Reason = exit switch
            {
                null => null,
                { Unknown: true } => "ContainerStatusUnknown",
                { StartFailed: true } => "StartError",
                { OomKilled: true } => "OOMKilled",
                { ExitCode: 0 } => "Completed",
                _ => "Error",
            },
            Message = exit?.Unknown == true ? "The container could not be located when the pod was terminated" : exit?.Message,
            LogPath = record.LogPath,
            Pid = exit is null ? record.Pid : null,
            Stdin = record.Stdin,
            Tty = record.Tty,
            Annotations = record.Annotations,
        };
    }
}
