using YamlDotNet.RepresentationModel;

namespace Cluster.Kubelet.Images.Registry;

/// <summary>
/// The node's registry configuration, in the shape of k3s's <c>registries.yaml</c>:
/// <code>
/// mirrors:
///   docker.io:
///     endpoint: ["http://127.0.0.1:5000"]
/// configs:
///   "registry.example:5000":
///     auth: { username: u, password: p }
///     tls: { insecure_skip_verify: true }
/// </code>
/// A mirror's endpoints are tried in order, then the registry itself. A <c>"*"</c> mirror applies to every registry
/// without its own entry. <c>configs</c> are keyed by the endpoint host actually contacted. Plain http is used for an
/// endpoint written with <c>http://</c>, and for a registry itself only when its host is loopback
/// (<c>localhost</c>, <c>127.0.0.1</c>, <c>[::1]</c>), as containerd does; everything else is https. Keys k3s has
/// and we do not (<c>rewrite</c>, <c>tls.ca_file</c>/<c>cert_file</c>/<c>key_file</c>, <c>auth.identitytoken</c>)
/// are refused with an error naming them.
/// </summary>
public sealed record RegistriesConfig
{
    public static readonly RegistriesConfig Empty = new();

    public IReadOnlyDictionary<string, IReadOnlyList<Uri>> Mirrors { get; init; } = new Dictionary<string, IReadOnlyList<Uri>>();
    public IReadOnlyDictionary<string, RegistryHostConfig> Configs { get; init; } = new Dictionary<string, RegistryHostConfig>();

    /// <summary>Reads a registries.yaml file; a missing file is an empty configuration, as k3s treats it.</summary>
    public static async Task<RegistriesConfig> LoadAsync(string path, CancellationToken ct) =>
        File.Exists(path) ? Parse(await File.ReadAllTextAsync(path, ct)) : Empty;

    public static RegistriesConfig Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root) return Empty;
        var mirrors = new Dictionary<string, IReadOnlyList<Uri>>(StringComparer.Ordinal);
        var configs = new Dictionary<string, RegistryHostConfig>(StringComparer.Ordinal);
        RejectUnsupported(root, "", "mirrors", "configs");
        if (Child(root, "mirrors") is YamlMappingNode mirrorNodes)
        {
            foreach (var (key, value) in mirrorNodes.Children)
            {
                RejectUnsupported(value, $"mirrors.{Scalar(key)}", "endpoint");
                var endpoints = Child(value, "endpoint") is YamlSequenceNode list
                    ? list.Children.Select(e => ParseEndpoint(Scalar(e) ?? "")).ToArray()
                    : [];
                mirrors[Scalar(key) ?? ""] = endpoints;
            }
        }
        if (Child(root, "configs") is YamlMappingNode configNodes)
        {
            foreach (var (key, value) in configNodes.Children)
            {
                string at = $"configs.{Scalar(key)}";
                RejectUnsupported(value, at, "auth", "tls");
                RejectUnsupported(Child(value, "auth"), at + ".auth", "username", "password", "auth");
                RejectUnsupported(Child(value, "tls"), at + ".tls", "insecure_skip_verify");
                RegistryCredential? auth = null;
                if (Child(value, "auth") is YamlMappingNode authNode)
                {
                    string? user = Scalar(Child(authNode, "username")), password = Scalar(Child(authNode, "password"));
                    string? encoded = Scalar(Child(authNode, "auth"));
                    auth = user is not null ? new RegistryCredential(user, password ?? "") : encoded is not null ? DockerConfigCredentials.DecodeAuth(encoded) : null;
                }
                bool skipVerify = Scalar(Child(Child(value, "tls"), "insecure_skip_verify")) is { } flag && bool.TryParse(flag, out bool b) && b;
                configs[StripScheme(Scalar(key) ?? "")] = new RegistryHostConfig(auth, skipVerify);
            }
        }
        return new RegistriesConfig { Mirrors = mirrors, Configs = configs };
    }

    /// <summary>The endpoints to try for a registry, in order: its mirrors, then the registry itself.</summary>
    public IReadOnlyList<RegistryEndpoint> EndpointsFor(string registry)
    {
        var endpoints = new List<RegistryEndpoint>();
        var mirrors = Mirrors.GetValueOrDefault(registry) ?? Mirrors.GetValueOrDefault("*") ?? [];
        foreach (var mirror in mirrors) endpoints.Add(Endpoint(mirror));
        var upstream = UpstreamUri(registry);
        if (!endpoints.Any(e => e.Uri == upstream)) endpoints.Add(Endpoint(upstream));
        return endpoints;
    }

    private RegistryEndpoint Endpoint(Uri uri)
    {
        var config = Configs.GetValueOrDefault(uri.Authority) ?? Configs.GetValueOrDefault(uri.Host);
        return new RegistryEndpoint(uri, config?.Auth, config?.InsecureSkipVerify ?? false);
    }

    /// <summary>Where a registry itself is reached: Docker Hub's API host, plain http for loopback, https otherwise.</summary>
    public static Uri UpstreamUri(string registry)
    {
        if (registry == ImageReference.DockerHub) return new Uri("https://registry-1.docker.io");
        string host = registry.StartsWith('[') ? registry[..(registry.IndexOf(']') + 1)] : registry.Split(':')[0];
        bool loopback = host is "localhost" or "127.0.0.1" or "[::1]";
        return new Uri((loopback ? "http://" : "https://") + registry);
    }

    private static Uri ParseEndpoint(string value) =>
        Uri.TryCreate(value.Contains("://", StringComparison.Ordinal) ? value : "https://" + value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new FormatException($"registries.yaml: mirror endpoint \"{value}\" is not an http(s) URL");

    private static string StripScheme(string host) => host.Contains("://", StringComparison.Ordinal) ? new Uri(host).Authority : host;

    /// <summary>Fails on a key we do not implement (rewrite, tls.ca_file, identitytoken, ...) rather than ignoring it.</summary>
    private static void RejectUnsupported(YamlNode? node, string path, params string[] supported)
    {
        if (node is not YamlMappingNode map) return;
        foreach (var key in map.Children.Keys)
        {
            string name = Scalar(key) ?? "";
            if (!supported.Contains(name))
                throw new FormatException($"registries.yaml: {(path.Length == 0 ? "" : path + ".")}{name} is not supported (supported here: {string.Join(", ", supported)})");
        }
    }

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value;
}

/// <summary>registries.yaml's <c>configs</c> entry for one host.</summary>
public sealed record RegistryHostConfig(RegistryCredential? Auth, bool InsecureSkipVerify);

/// <summary>One place to try for a registry's content, with its configured credential and TLS choice.</summary>
public sealed record RegistryEndpoint(Uri Uri, RegistryCredential? Credential, bool InsecureSkipVerify);
