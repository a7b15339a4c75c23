namespace Cluster.Kubelet.Containers.Oci;

/// <summary>Where a container runs: its root file system, its cgroup, and the sandbox namespaces it joins.</summary>
/// <param name="ShmPath">The pod's shared /dev/shm (a tmpfs of the sandbox), or null for a container-private one.</param>
public sealed record ContainerPlacement(string RootfsPath, string CgroupsPath, string? Hostname, string? NetnsPath, string? IpcPath, string? UtsPath, string? ShmPath = null);

/// <summary>
/// The OCI config.json for one container: the process from the launch, the default Kubernetes mounts, masked and
/// read-only /proc paths, the default capability set (what containerd gives Kubernetes pods) adjusted by the
/// securityContext, no_new_privs, the pod's shared namespaces, and linux.resources from requests and limits.
/// </summary>
public static class OciSpecBuilder
{
    /// <summary>The capabilities a non-privileged container starts with.</summary>
    public static readonly IReadOnlyList<string> DefaultCapabilities =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID",
        "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ];

    public static readonly IReadOnlyList<string> MaskedPaths =
    [
        "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
        "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
    ];

    public static readonly IReadOnlyList<string> ReadonlyPaths =
        ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    public static OciSpec Build(ContainerLaunch launch, ContainerPlacement placement, bool memorySwapAccounting)
    {
        var security = launch.Security;
        var (uid, gid) = User(placement.RootfsPath, security);

        return new OciSpec
        {
            Process = new OciProcess
            {
                Terminal = launch.Tty,
                User = new OciUser { Uid = uid, Gid = gid, AdditionalGids = security.SupplementalGroups.Count > 0 ? security.SupplementalGroups : null },
                Args = launch.Args,
                Env = launch.Env.Select(p => $"{p.Key}={p.Value}").ToList(),
                Cwd = string.IsNullOrEmpty(launch.WorkingDir) ? "/" : launch.WorkingDir,
                Capabilities = Capabilities(security),
                // No rlimits: containers inherit the agent's (raising RLIMIT_NOFILE above the host's hard limit fails).
                NoNewPrivileges = security.NoNewPrivileges && !security.Privileged,
                OomScoreAdj = launch.Resources.OomScoreAdj,
            },
            Root = new OciRoot { Path = placement.RootfsPath, Readonly = security.ReadOnlyRootFilesystem },
            Hostname = placement.Hostname,
            Mounts = Mounts(launch, security.Privileged, placement.ShmPath),
            Linux = new OciLinux
            {
                Namespaces = Namespaces(placement),
                CgroupsPath = placement.CgroupsPath,
                Resources = Resources(launch.Resources, security.Privileged, memorySwapAccounting),
                MaskedPaths = security.Privileged ? null : MaskedPaths,
                ReadonlyPaths = security.Privileged ? null : ReadonlyPaths,
            },
        };
    }

    /// <summary>runAsUser/runAsGroup win over the image's USER; a bare uid gets its primary group from the image's passwd.</summary>
    private static (long Uid, long Gid) User(string rootfs, ContainerSecurity security)
    {
        if (security.RunAsUser is { } runAs) return (runAs, security.RunAsGroup ?? ImageUsers.PrimaryGroup(rootfs, runAs));
        var image = ImageUsers.Resolve(rootfs, security.ImageUser);
        return (image.Uid, security.RunAsGroup ?? image.Gid);
    }

    private static OciCapabilities Capabilities(ContainerSecurity security)
    {
        IReadOnlyList<string> caps;
        if (security.Privileged)
        {
            caps = AllCapabilities();
        }
        else
        {
            var set = new List<string>(DefaultCapabilities);
            if (security.DropCapabilities.Any(c => Normalize(c) == "CAP_ALL")) set.Clear();
            else set.RemoveAll(c => security.DropCapabilities.Any(d => Normalize(d) == c));
            if (security.AddCapabilities.Any(c => Normalize(c) == "CAP_ALL")) set = [.. AllCapabilities()];
            else
                foreach (var add in security.AddCapabilities.Select(Normalize))
                    if (!set.Contains(add)) set.Add(add);
            caps = set;
        }

        return new OciCapabilities { Bounding = caps, Effective = caps, Permitted = caps };
    }

    /// <summary>Kubernetes names capabilities without the prefix ("NET_ADMIN"); runc wants "CAP_NET_ADMIN".</summary>
    public static string Normalize(string capability)
    {
        var upper = capability.Trim().ToUpperInvariant();
        return upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper : "CAP_" + upper;
    }

    /// <summary>Every capability this agent may hand out: those in its own bounding set (a privileged container gets no more).</summary>
    private static IReadOnlyList<string> AllCapabilities()
    {
        var last = int.TryParse(TryRead("/proc/sys/kernel/cap_last_cap"), out var n) ? n : 40;
        var bounding = BoundingSet();
        return KnownCapabilities.Take(last + 1).Where((_, bit) => (bounding >> bit & 1) == 1).ToList();
    }

    private static ulong BoundingSet()
    {
        var line = (TryReadLines("/proc/self/status") ?? []).FirstOrDefault(l => l.StartsWith("CapBnd:", StringComparison.Ordinal));
        return line is not null && ulong.TryParse(line[7..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var mask)
            ? mask
            : ulong.MaxValue;
    }

    private static string[]? TryReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    // In kernel order (capability number = index).
    private static readonly string[] KnownCapabilities =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID",
        "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
        "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN",
        "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
        "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
        "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    private static List<OciMount> Mounts(ContainerLaunch launch, bool privileged, string? shmPath)
    {
        var sysOptions = privileged ? new[] { "nosuid", "noexec", "nodev" } : ["nosuid", "noexec", "nodev", "ro"];
        var mounts = new List<OciMount>
        {
            new() { Destination = "/proc", Type = "proc", Source = "proc", Options = ["nosuid", "noexec", "nodev"] },
            new() { Destination = "/dev", Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "strictatime", "mode=755", "size=65536k"] },
            new() { Destination = "/dev/pts", Type = "devpts", Source = "devpts", Options = ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"] },
            // The pod's containers share one /dev/shm, as they share the IPC namespace.
            shmPath is null
                ? new() { Destination = "/dev/shm", Type = "tmpfs", Source = "shm", Options = ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"] }
                : new() { Destination = "/dev/shm", Type = "bind", Source = shmPath, Options = ["rbind", "rprivate", "nosuid", "noexec", "nodev", "rw"] },
            new() { Destination = "/dev/mqueue", Type = "mqueue", Source = "mqueue", Options = ["nosuid", "noexec", "nodev"] },
            new() { Destination = "/sys", Type = "sysfs", Source = "sysfs", Options = sysOptions },
            new() { Destination = "/sys/fs/cgroup", Type = "cgroup", Source = "cgroup", Options = [.. sysOptions, "relatime"] },
        };
        // A volume mounted over a default mount replaces it (e.g. an emptyDir at /dev/shm).
        mounts.RemoveAll(m => launch.Mounts.Any(v => v.ContainerPath.TrimEnd('/') == m.Destination));
        foreach (var mount in launch.Mounts)
            mounts.Add(new OciMount
            {
                Destination = mount.ContainerPath,
                Type = "bind",
                Source = mount.HostPath,
                Options = ["rbind", "rprivate", mount.ReadOnly ? "ro" : "rw"],
            });
        return mounts;
    }

    private static List<OciNamespace> Namespaces(ContainerPlacement placement) =>
    [
        new("pid"),
        new("mount"),
        new("ipc", placement.IpcPath),
        // Without a pinned namespace the container shares the host's (host network pods).
        .. placement.UtsPath is { } uts ? new[] { new OciNamespace("uts", uts) } : [],
        .. placement.NetnsPath is { } net ? new[] { new OciNamespace("network", net) } : [],
    ];

    private static OciResources Resources(ContainerResources resources, bool privileged, bool memorySwapAccounting) => new()
    {
        Devices = privileged ? [new OciDeviceRule(true, "rwm")] : [new OciDeviceRule(false, "rwm")],
        Cpu = new OciCpu
        {
            Shares = (ulong)resources.CpuShares,
            Quota = resources.CpuQuotaMicros,
            Period = resources.CpuQuotaMicros is null ? null : (ulong)resources.CpuPeriodMicros,
        },
        // No swap: with swap accounting the memory+swap limit equals the memory limit.
        Memory = resources.MemoryLimitBytes is { } limit ? new OciMemory { Limit = limit, Swap = memorySwapAccounting ? limit : null } : null,
        Pids = resources.PidsLimit is { } pids ? new OciPids(pids) : null,
    };
}
