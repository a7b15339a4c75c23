using System.Security.Cryptography;
using System.Text.Json;
using Cluster.Api.Core.V1;
using Cluster.Api.Serialization;

namespace Cluster.Kubelet.Pods;

/// <summary>What the kubelet keeps with each container in the runtime, to decide about it after a restart.</summary>
public static class ContainerAnnotations
{
    /// <summary>A hash of the container's spec: a running container whose spec changed (a new image) is restarted.</summary>
    public const string SpecHash = "io.kubernetes.container.hash";

    public const string TerminationMessagePath = "io.kubernetes.container.terminationMessagePath";

    /// <summary>The spec fields the kubelet may not apply in place; resources are left out (they resize without a restart).</summary>
    public static string Hash(Container container)
    {
        var hashed = container with { Resources = null };
        var json = JsonSerializer.SerializeToUtf8Bytes(hashed, ApiJsonContext.Default.CoreV1Container);
        return Convert.ToHexStringLower(SHA256.HashData(json))[..16];
    }

    public static string? Get(IReadOnlyDictionary<string, string> annotations, string key) => annotations.GetValueOrDefault(key);
}
