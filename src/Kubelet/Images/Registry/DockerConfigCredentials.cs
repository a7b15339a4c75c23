using System.Text;
using System.Text.Json;

namespace Cluster.Kubelet.Images.Registry;

/// <summary>The <c>type</c> and <c>data</c> of a Secret named in a pod's <c>imagePullSecrets</c>.</summary>
public sealed record PullSecret(string? Type, IReadOnlyDictionary<string, byte[]> Data);

/// <summary>
/// Registry credentials from pull secrets: <c>kubernetes.io/dockerconfigjson</c> (key <c>.dockerconfigjson</c>,
/// <c>{"auths":{...}}</c>) and the older <c>kubernetes.io/dockercfg</c> (key <c>.dockercfg</c>, the auths map itself).
/// Matched against an image as the kubelet's keyring does: the key's host (a URL, or host[:port][/path], where
/// <c>*</c> matches one DNS label) must match the image's registry, ports must agree, and a key's path must prefix the
/// repository. Docker Hub's many spellings (<c>index.docker.io/v1/</c>, <c>docker.io</c>, ...) are one registry, and a
/// <c>/v1/</c> or <c>/v2/</c> path prefix is dropped.
/// </summary>
public static class DockerConfigCredentials
{
    public const string DockerConfigJsonType = "kubernetes.io/dockerconfigjson";
    public const string DockerCfgType = "kubernetes.io/dockercfg";

    /// <summary>Every credential from the secrets that applies to the image, most specific key first.</summary>
    public static IReadOnlyList<RegistryCredential> For(ImageReference image, IEnumerable<PullSecret> secrets)
    {
        var matches = new List<(int Specificity, RegistryCredential Credential)>();
        foreach (var secret in secrets)
        {
            foreach (var (key, entry) in Entries(secret))
            {
                if (Credential(entry) is { } credential && Matches(key, image) is int specificity) matches.Add((specificity, credential));
            }
        }
        return matches.OrderByDescending(m => m.Specificity).Select(m => m.Credential).Distinct().ToArray();
    }

    internal static IEnumerable<KeyValuePair<string, DockerAuthEntry>> Entries(PullSecret secret)
    {
        try
        {
            if (secret.Data.TryGetValue(".dockerconfigjson", out var json) && (secret.Type is null or DockerConfigJsonType))
                return JsonSerializer.Deserialize(json, ImagesJsonContext.Default.DockerConfigJson)?.Auths ?? new Dictionary<string, DockerAuthEntry>();
            if (secret.Data.TryGetValue(".dockercfg", out var cfg) && (secret.Type is null or DockerCfgType))
                return JsonSerializer.Deserialize(cfg, ImagesJsonContext.Default.IReadOnlyDictionaryStringDockerAuthEntry) ?? new Dictionary<string, DockerAuthEntry>();
        }
        catch (JsonException)
        {
            // The kubelet skips a malformed pull secret rather than failing the pod; so do we.
        }
        return [];
    }

    private static RegistryCredential? Credential(DockerAuthEntry entry) =>
        entry.Username is { Length: > 0 } user ? new RegistryCredential(user, entry.Password ?? "")
        : entry.Auth is { Length: > 0 } auth ? DecodeAuth(auth)
        : null;

    /// <summary>Decodes a base64 <c>user:password</c> <c>auth</c> field; null if malformed.</summary>
    public static RegistryCredential? DecodeAuth(string auth)
    {
        try
        {
            string text = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
            int colon = text.IndexOf(':');
            return colon > 0 ? new RegistryCredential(text[..colon], text[(colon + 1)..]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>How specifically a config key matches the image (higher is more specific), or null for no match.</summary>
    internal static int? Matches(string key, ImageReference image)
    {
        string rest = key.Contains("://", StringComparison.Ordinal) ? key[(key.IndexOf("://", StringComparison.Ordinal) + 3)..] : key;
        int slash = rest.IndexOf('/');
        string authority = slash < 0 ? rest : rest[..slash];
        string path = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
        authority = NormaliseHost(authority);
        // As the kubelet's keyring (after docker's ResolveAuthConfig): a /v1/ or /v2/ path prefix means the host itself.
        if (path is "v1" or "v2") path = "";
        else if (path.StartsWith("v1/", StringComparison.Ordinal) || path.StartsWith("v2/", StringComparison.Ordinal)) path = path[3..];
        string registry = NormaliseHost(image.Registry);
        if (!HostMatches(authority, registry)) return null;
        if (path.Length > 0 && !(image.Repository == path || image.Repository.StartsWith(path + "/", StringComparison.Ordinal))) return null;
        return authority.Length + (authority.Contains('*') ? 0 : 1000) + path.Length * 10;
    }

    private static string NormaliseHost(string host)
    {
        host = host.ToLowerInvariant();
        return host is "index.docker.io" or "registry-1.docker.io" or "registry.hub.docker.com" ? ImageReference.DockerHub : host;
    }

    private static bool HostMatches(string pattern, string host)
    {
        (string patternHost, string? patternPort) = SplitPort(pattern);
        (string hostName, string? hostPort) = SplitPort(host);
        if (patternPort != hostPort) return false;
        var patternLabels = patternHost.Split('.');
        var hostLabels = hostName.Split('.');
        if (patternLabels.Length != hostLabels.Length) return false;
        for (int i = 0; i < patternLabels.Length; i++)
        {
            if (!System.IO.Enumeration.FileSystemName.MatchesSimpleExpression(patternLabels[i], hostLabels[i], ignoreCase: true)) return false;
        }
        return true;
    }

    private static (string Host, string? Port) SplitPort(string authority)
    {
        int colon = authority.LastIndexOf(':');
        return colon > 0 && !authority.EndsWith(']') ? (authority[..colon], authority[(colon + 1)..]) : (authority, null);
    }
}
