using System.Globalization;
using Cluster.Api.Core.V1;
using Cluster.Api.Quantities;
using Cluster.Kubelet.Pods;

namespace Cluster.Kubelet.Volumes;

/// <summary>
/// Makes a pod's volumes on the node and answers where each is: emptyDir (a directory, or tmpfs with its sizeLimit for
/// medium Memory), hostPath (checked or created by its type), and ConfigMap, Secret, downward API and projected
/// volumes written atomically, again on every sync so that their files follow the objects (Secret and projected ones
/// on tmpfs).
/// </summary>
public sealed class PodVolumes(PodPaths paths, IPodSources sources)
{
    public async Task<IReadOnlyDictionary<string, string>> SetUpAsync(Pod pod, CancellationToken ct)
    {
        var uid = pod.Metadata!.Uid!;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var volume in pod.Spec?.Volumes ?? [])
        {
            if (volume.Name is not { Length: > 0 } name) continue;
            var dir = paths.Volume(uid, name);
            if (volume.EmptyDir is { } emptyDir)
            {
                if (!Directory.Exists(dir))
                {
                    Directory.CreateDirectory(dir);
                    if (emptyDir.Medium == "Memory") MountTmpfs(dir, emptyDir.SizeLimit?.Value);
                    NativeFs.SetMode(dir, (UnixFileMode)Convert.ToInt32("777", 8));
                }

                result[name] = dir;
            }
            else if (volume.HostPath is { } hostPath)
            {
                result[name] = HostPath(hostPath);
            }
            else if (volume.ConfigMap is not null || volume.Secret is not null || volume.DownwardAPI is not null || volume.Projected is not null)
            {
                var files = await VolumeProjections.FilesAsync(pod, volume, sources, ct);
                // Secrets and projected tokens live in memory only, as the kubelet keeps them (tmpfs, never the node's disk).
                if ((volume.Secret is not null || volume.Projected is not null) && !Directory.Exists(dir))
                {
                    Directory.CreateDirectory(dir);
                    NativeFs.Mount("tmpfs", dir, "tmpfs", 0, "mode=0755");
                }

                AtomicWriter.Write(dir, files);
                result[name] = dir;
            }
            else
            {
                throw new VolumeSetupException($"volume \"{name}\" has a type this node does not support");
            }
        }

        return result;
    }

    /// <summary>Unmounts memory-backed volumes and deletes the pod's directory.</summary>
    public void TearDown(Pod pod) => TearDown(pod.Metadata!.Uid!, pod.Spec?.Volumes ?? []);

    public void TearDown(string uid, IReadOnlyList<Volume> volumes)
    {
        var root = paths.VolumesDirectory(uid);
        if (Directory.Exists(root))
            foreach (var dir in Directory.EnumerateDirectories(root))
                NativeFs.Unmount(dir);
        var podDir = paths.PodDirectory(uid);
        if (Directory.Exists(podDir)) Directory.Delete(podDir, recursive: true);
    }

    private static void MountTmpfs(string dir, string? sizeLimit)
    {
        var options = "mode=0777";
        if (sizeLimit is not null && Quantity.TryParse(sizeLimit, out var size) && size.Value() > 0)
            options += ",size=" + size.Value().ToString(CultureInfo.InvariantCulture);
        NativeFs.Mount("tmpfs", dir, "tmpfs", 0, options);
    }

    private static string HostPath(HostPathVolumeSource source)
    {
        var path = source.Path ?? throw new VolumeSetupException("hostPath volume without a path");
        switch (source.Type ?? "")
        {
            case "":
                break;
            case "DirectoryOrCreate":
                Directory.CreateDirectory(path);
                break;
            case "Directory":
                if (!Directory.Exists(path)) throw new VolumeSetupException($"hostPath type check failed: {path} is not a directory");
                break;
            case "FileOrCreate":
                if (!File.Exists(path))
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    using (File.Open(path, FileMode.OpenOrCreate)) { }
                }

                break;
            case "File":
                if (!File.Exists(path)) throw new VolumeSetupException($"hostPath type check failed: {path} is not a file");
                break;
            case "Socket" or "CharDevice" or "BlockDevice":
                if (!Path.Exists(path)) throw new VolumeSetupException($"hostPath type check failed: {path} is not a {source.Type}");
                break;
            default:
                throw new VolumeSetupException($"hostPath type {source.Type} is not known");
        }

        return path;
    }
}
