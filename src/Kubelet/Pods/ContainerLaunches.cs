using Cluster.Api.Core.V1;
using Cluster.Api.Quantities;
using Cluster.Kubelet.Cgroups;
using Cluster.Kubelet.Containers;
using Cluster.Kubelet.Images;

namespace Cluster.Kubelet.Pods;

/// <summary>
/// Turns a pod's container into what the runtime starts, as the kubelet does: argv from command/args over the image's
/// entrypoint/cmd with $(VAR) expansion, the image's environment under the container's, the working directory, volume
/// mounts (with subPath) plus the pod's hosts, hostname, resolv.conf and termination-message files, cgroup values from
/// requests and limits, the OOM score of the QoS class, and the securityContext with container fields over the pod's.
/// </summary>
public static class ContainerLaunches
{
    public const string DefaultTerminationMessagePath = "/dev/termination-log";

    public static ContainerLaunch Build(Pod pod, Container container, LocalImage image, int attempt, IReadOnlyList<KeyValuePair<string, string>> env,
        IReadOnlyDictionary<string, string> volumes, PodPaths paths, long nodeMemoryBytes)
    {
        var meta = pod.Metadata!;
        var uid = meta.Uid!;
        var merged = MergeEnvironment(image.Config.Env, env);
        var command = container.Command is { Count: > 0 } ? container.Command : image.Config.Entrypoint;
        var args = container.Args is { Count: > 0 } ? container.Args : container.Command is { Count: > 0 } ? [] : image.Config.Cmd;
        var argv = ContainerEnvironment.ExpandAll(command, env).Concat(ContainerEnvironment.ExpandAll(args, env)).ToList();
        if (argv.Count == 0) throw new ContainerStartException("CreateContainerError", "no command specified");

        var terminationLog = paths.TerminationMessage(uid, container.Name!, attempt);
        Directory.CreateDirectory(Path.GetDirectoryName(terminationLog)!);
        File.WriteAllBytes(terminationLog, []);

        var qos = QosClasses.Of(pod.Spec!);
        return new ContainerLaunch
        {
            Name = container.Name!,
            Attempt = attempt,
            ImageRootfs = image.RootfsPath,
            Image = container.Image ?? "",
            ImageId = $"{image.Reference.Name}@{image.Digest}",
            Args = argv,
            Env = merged,
            WorkingDir = container.WorkingDir is { Length: > 0 } wd ? wd : image.Config.WorkingDir is { Length: > 0 } iwd ? iwd : "/",
            Mounts = Mounts(pod, container, volumes, paths, terminationLog),
            Resources = Resources(container, qos, nodeMemoryBytes),
            Security = Security(pod.Spec!.SecurityContext, container.SecurityContext, image.Config.User),
            LogPath = paths.ContainerLog(meta.Namespace ?? "default", meta.Name!, uid, container.Name!, attempt),
            Stdin = container.Stdin == true,
            StdinOnce = container.StdinOnce == true,
            Tty = container.Tty == true,
            StopSignal = image.Config.StopSignal,
            Annotations = new Dictionary<string, string>
            {
                [ContainerAnnotations.SpecHash] = ContainerAnnotations.Hash(container),
                [ContainerAnnotations.TerminationMessagePath] = terminationLog,
            },
        };
    }

    /// <summary>The image's KEY=VALUE entries with the container's definitions replacing same-named ones, in place.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> MergeEnvironment(IReadOnlyList<string> imageEnv, IReadOnlyList<KeyValuePair<string, string>> env)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var entry in imageEnv)
        {
            var eq = entry.IndexOf('=');
            var pair = eq < 0 ? KeyValuePair.Create(entry, "") : KeyValuePair.Create(entry[..eq], entry[(eq + 1)..]);
            if (env.All(e => e.Key != pair.Key)) result.Add(pair);
        }

        result.AddRange(env);
        return result;
    }

    private static List<ContainerMount> Mounts(Pod pod, Container container, IReadOnlyDictionary<string, string> volumes, PodPaths paths, string terminationLog)
    {
        var uid = pod.Metadata!.Uid!;
        var mounts = new List<ContainerMount>();
        foreach (var mount in container.VolumeMounts ?? [])
        {
            if (mount.Name is null || !volumes.TryGetValue(mount.Name, out var hostPath))
                throw new ContainerStartException("CreateContainerConfigError", $"volume \"{mount.Name}\" not found for volume mount {mount.MountPath}");
            if (mount.SubPath is { Length: > 0 } sub)
            {
                if (Path.IsPathRooted(sub) || sub.Split('/').Contains(".."))
                    throw new ContainerStartException("CreateContainerConfigError", $"invalid subpath \"{sub}\"");
                hostPath = Path.Combine(hostPath, sub);
                // A missing subPath is made as a directory, as the kubelet does.
                if (!Path.Exists(hostPath)) Directory.CreateDirectory(hostPath);
            }

            mounts.Add(new ContainerMount(hostPath, mount.MountPath!, mount.ReadOnly == true));
        }

        bool Claimed(string path) => mounts.Any(m => m.ContainerPath.TrimEnd('/') == path);
        if (!Claimed("/etc/hosts")) mounts.Add(new ContainerMount(paths.EtcHosts(uid), "/etc/hosts", false));
        if (!Claimed("/etc/hostname")) mounts.Add(new ContainerMount(paths.Hostname(uid), "/etc/hostname", false));
        if (!Claimed("/etc/resolv.conf")) mounts.Add(new ContainerMount(paths.ResolvConf(uid), "/etc/resolv.conf", false));
        var messagePath = container.TerminationMessagePath is { Length: > 0 } p ? p : DefaultTerminationMessagePath;
        if (!Claimed(messagePath)) mounts.Add(new ContainerMount(terminationLog, messagePath, false));
        return mounts;
    }

    private static ContainerResources Resources(Container container, string qos, long nodeMemoryBytes)
    {
        var requests = container.Resources?.Requests;
        var limits = container.Resources?.Limits;
        var cpuLimit = Milli(limits, "cpu");
        var cpuRequest = Milli(requests, "cpu") ?? cpuLimit ?? 0;
        var memoryLimit = Value(limits, "memory");
        var memoryRequest = Value(requests, "memory") ?? memoryLimit ?? 0;
        return new ContainerResources
        {
            CpuShares = CgroupResources.CpuShares(cpuRequest),
            CpuQuotaMicros = CgroupResources.CpuQuota(cpuLimit),
            MemoryLimitBytes = memoryLimit,
            OomScoreAdj = OomScoreAdjust(qos, memoryRequest, nodeMemoryBytes),
        };
    }

    /// <summary>The kubelet's OOM score policy: Guaranteed -997, BestEffort 1000, Burstable by its share of node memory (2..999).</summary>
    public static int OomScoreAdjust(string qos, long memoryRequest, long nodeMemoryBytes)
    {
        if (qos == QosClasses.Guaranteed) return -997;
        if (qos == QosClasses.BestEffort) return 1000;
        if (nodeMemoryBytes <= 0) return 999;
        var score = 1000 - (int)(1000 * (double)memoryRequest / nodeMemoryBytes);
        return Math.Clamp(score, 2, 999);
    }

    private static ContainerSecurity Security(PodSecurityContext? pod, SecurityContext? container, string imageUser)
    {
        var privileged = container?.Privileged == true;
        return new ContainerSecurity
        {
            RunAsUser = container?.RunAsUser ?? pod?.RunAsUser,
            RunAsGroup = container?.RunAsGroup ?? pod?.RunAsGroup,
            SupplementalGroups = [.. (pod?.SupplementalGroups ?? []).Concat(pod?.FsGroup is { } fs ? [fs] : []).Distinct()],
            Privileged = privileged,
            ReadOnlyRootFilesystem = container?.ReadOnlyRootFilesystem == true,
            NoNewPrivileges = !privileged && container?.AllowPrivilegeEscalation != true,
            AddCapabilities = container?.Capabilities?.Add ?? [],
            DropCapabilities = container?.Capabilities?.Drop ?? [],
            ImageUser = imageUser,
        };
    }

    private static long? Milli(IReadOnlyDictionary<string, Api.Serialization.ResourceQuantity>? values, string resource) =>
        values is not null && values.TryGetValue(resource, out var value) && Quantity.TryParse(value.Value, out var q) ? q.MilliValue() : null;

    private static long? Value(IReadOnlyDictionary<string, Api.Serialization.ResourceQuantity>? values, string resource) =>
        values is not null && values.TryGetValue(resource, out var value) && Quantity.TryParse(value.Value, out var q) ? q.Value() : null;
}
