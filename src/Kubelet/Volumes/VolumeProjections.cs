using System.Text;
using Cluster.Api.Core.V1;
using Cluster.Kubelet.Pods;

namespace Cluster.Kubelet.Volumes;

/// <summary>One file of a projected volume: its path inside the volume, content and mode.</summary>
public sealed record ProjectedFile(string Path, ReadOnlyMemory<byte> Content, int Mode);

/// <summary>A volume's files could not be made (a missing non-optional object or key); the pod waits with FailedMount.</summary>
public sealed class VolumeSetupException(string message) : Exception(message);

/// <summary>
/// The files of ConfigMap, Secret, downward API and projected volumes as the kubelet lays them out: every key (data and
/// binaryData) at its own name, or only the listed items at their paths; defaultMode 0644 unless set, an item's mode
/// winning; a missing object is an error unless optional (then the volume is empty), a listed key that is missing
/// likewise. Paths are relative, without "..", and unique.
/// </summary>
public static class VolumeProjections
{
    public const int DefaultMode = 420; // 0644

    /// <summary>The default and the least validity of a projected service-account token, as the API allows them.</summary>
    public const long DefaultTokenSeconds = 3600;
    public const long MinTokenSeconds = 600;

    public static async Task<IReadOnlyList<ProjectedFile>> FilesAsync(Pod pod, Volume volume, IPodSources sources, CancellationToken ct = default)
    {
        var ns = pod.Metadata?.Namespace ?? "default";
        var files = new List<ProjectedFile>();
        if (volume.ConfigMap is { } cm)
            AddObject(files, ConfigMapData(sources.ConfigMap(ns, cm.Name ?? "")), cm.Items, cm.DefaultMode ?? DefaultMode, cm.Optional == true, $"configmap \"{cm.Name}\" not found", "configmap", ns, cm.Name);
        else if (volume.Secret is { } secret)
            AddObject(files, sources.Secret(ns, secret.SecretName ?? "") is { } s ? s.Data ?? new Dictionary<string, ReadOnlyMemory<byte>>() : null,
                secret.Items, secret.DefaultMode ?? DefaultMode, secret.Optional == true, $"secret \"{secret.SecretName}\" not found", "secret", ns, secret.SecretName);
        else if (volume.DownwardAPI is { } downward)
            AddDownward(files, pod, downward.Items, downward.DefaultMode ?? DefaultMode, sources);
        else if (volume.Projected is { } projected)
        {
            var mode = projected.DefaultMode ?? DefaultMode;
            foreach (var source in projected.Sources ?? [])
            {
                if (source.ConfigMap is { } pcm)
                    AddObject(files, ConfigMapData(sources.ConfigMap(ns, pcm.Name ?? "")), pcm.Items, mode, pcm.Optional == true, $"configmap \"{pcm.Name}\" not found", "configmap", ns, pcm.Name);
                else if (source.Secret is { } ps)
                    AddObject(files, sources.Secret(ns, ps.Name ?? "") is { } s ? s.Data ?? new Dictionary<string, ReadOnlyMemory<byte>>() : null,
                        ps.Items, mode, ps.Optional == true, $"secret \"{ps.Name}\" not found", "secret", ns, ps.Name);
                else if (source.DownwardAPI is { } pd)
                    AddDownward(files, pod, pd.Items, mode, sources);
                else if (source.ServiceAccountToken is { } sat)
                {
                    var seconds = Math.Max(MinTokenSeconds, sat.ExpirationSeconds ?? DefaultTokenSeconds);
                    var token = await sources.ServiceAccountTokenAsync(pod, string.IsNullOrEmpty(sat.Audience) ? null : sat.Audience, seconds, ct);
                    files.Add(new ProjectedFile(Checked(sat.Path ?? ""), Encoding.UTF8.GetBytes(token), mode));
                }
                else if (source.ClusterTrustBundle is not null)
                {
                    throw new VolumeSetupException("projected cluster trust bundles are not supported");
                }
            }
        }
        else
        {
            throw new ArgumentException($"volume {volume.Name} is not a ConfigMap, Secret, downward API or projected volume", nameof(volume));
        }

        var duplicate = files.GroupBy(f => f.Path, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new VolumeSetupException($"duplicate path {duplicate.Key} in volume {volume.Name}");
        return files;
    }

    /// <summary>A path the API allows in a volume: relative, no ".." element, not starting with "..".</summary>
    public static bool IsSafePath(string path) =>
        path.Length > 0 && !path.StartsWith('/') && !path.StartsWith("..", StringComparison.Ordinal)
        && path.Split('/').All(part => part.Length > 0 && part != "..");

    private static Dictionary<string, ReadOnlyMemory<byte>>? ConfigMapData(ConfigMap? map)
    {
        if (map is null) return null;
        var data = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Data ?? new Dictionary<string, string>()) data[key] = Encoding.UTF8.GetBytes(value);
        foreach (var (key, value) in map.BinaryData ?? new Dictionary<string, ReadOnlyMemory<byte>>()) data[key] = value;
        return data;
    }

    private static void AddObject(List<ProjectedFile> files, IReadOnlyDictionary<string, ReadOnlyMemory<byte>>? data, IReadOnlyList<KeyToPath>? items,
        int mode, bool optional, string missing, string kind, string ns, string? name)
    {
        if (data is null)
        {
            if (optional) return;
            throw new VolumeSetupException(missing);
        }

        if (items is not { Count: > 0 })
        {
            foreach (var (key, value) in data.OrderBy(p => p.Key, StringComparer.Ordinal))
                files.Add(new ProjectedFile(Checked(key), value, mode));
            return;
        }

        foreach (var item in items)
        {
            if (!data.TryGetValue(item.Key ?? "", out var value))
            {
                if (optional) continue;
                throw new VolumeSetupException($"configured to use key {item.Key} of {kind} {ns}/{name}, but the key is not present");
            }

            files.Add(new ProjectedFile(Checked(item.Path ?? item.Key ?? ""), value, item.Mode ?? mode));
        }
    }

    private static void AddDownward(List<ProjectedFile> files, Pod pod, IReadOnlyList<DownwardAPIVolumeFile>? items, int mode, IPodSources sources)
    {
        foreach (var item in items ?? [])
        {
            string text;
            try
            {
                text = item.FieldRef is { } field ? ContainerEnvironment.PodField(pod, field.FieldPath ?? "")
                    : item.ResourceFieldRef is { } resource
                        ? ContainerEnvironment.ResourceField(pod, (pod.Spec?.Containers ?? []).FirstOrDefault(c => c.Name == resource.ContainerName)
                            ?? throw new VolumeSetupException($"container {resource.ContainerName} not found"), resource, sources.NodeAllocatable)
                        : throw new VolumeSetupException($"downward API item {item.Path} has neither fieldRef nor resourceFieldRef");
            }
            catch (ContainerConfigException e)
            {
                throw new VolumeSetupException(e.Message);
            }

            files.Add(new ProjectedFile(Checked(item.Path ?? ""), Encoding.UTF8.GetBytes(text), item.Mode ?? mode));
        }
    }

    private static string Checked(string path) => IsSafePath(path) ? path : throw new VolumeSetupException($"invalid path {path}: must be relative and may not contain '..'");
}
