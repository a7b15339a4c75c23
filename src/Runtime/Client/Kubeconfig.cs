using System.Text;
using YamlDotNet.RepresentationModel;

namespace Cluster.Runtime.Client;

/// <summary>
/// Reads kubeconfig files as kubectl does: several files merge with the first definition of a cluster, user or
/// context winning and the first <c>current-context</c> chosen; relative file paths are relative to the file that
/// names them. Exec and auth-provider plugins and basic auth are refused by name rather than ignored.
/// </summary>
public static class Kubeconfig
{
    /// <summary>The connection of <paramref name="context"/>, or of the current context when null.</summary>
    /// <exception cref="InvalidOperationException">A missing context, cluster or user, or an unsupported setting.</exception>
    public static ClusterConnection Load(IReadOnlyList<string> paths, string? context = null)
    {
        var clusters = new Dictionary<string, Entry>();
        var users = new Dictionary<string, Entry>();
        var contexts = new Dictionary<string, Entry>();
        string? current = null;
        foreach (var path in paths)
        {
            var root = ReadRoot(path);
            var dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            Collect(root, "clusters", "cluster", dir, clusters);
            Collect(root, "users", "user", dir, users);
            Collect(root, "contexts", "context", dir, contexts);
            current ??= Scalar(root, "current-context") is { Length: > 0 } c ? c : null;
        }
        var contextName = context ?? current ?? throw new InvalidOperationException($"kubeconfig {string.Join(':', paths)}: no current-context and no context given");
        if (!contexts.TryGetValue(contextName, out var ctx)) throw new InvalidOperationException($"kubeconfig: context \"{contextName}\" not found");
        var clusterName = Scalar(ctx.Node, "cluster") ?? throw new InvalidOperationException($"kubeconfig: context \"{contextName}\" names no cluster");
        if (!clusters.TryGetValue(clusterName, out var cluster)) throw new InvalidOperationException($"kubeconfig: cluster \"{clusterName}\" not found");
        var userName = Scalar(ctx.Node, "user");
        Entry? user = userName is null ? null : users.TryGetValue(userName, out var u) ? u : throw new InvalidOperationException($"kubeconfig: user \"{userName}\" not found");
        return FromEntries(cluster, user, Scalar(ctx.Node, "namespace"));
    }

    private static ClusterConnection FromEntries(Entry cluster, Entry? user, string? ns)
    {
        var server = Scalar(cluster.Node, "server") ?? throw new InvalidOperationException("kubeconfig: the cluster has no server");
        if (user is not null)
        {
            foreach (var unsupported in (string[])["exec", "auth-provider", "username", "password"])
                if (user.Node.Children.ContainsKey(unsupported))
                    throw new InvalidOperationException($"kubeconfig: user setting \"{unsupported}\" is not supported; use a token, tokenFile or client certificate");
        }
        return new ClusterConnection
        {
            Server = new Uri(server),
            CertificateAuthorityPem = DataOrFile(cluster, "certificate-authority-data", "certificate-authority"),
            InsecureSkipTlsVerify = Scalar(cluster.Node, "insecure-skip-tls-verify") is "true",
            Token = user is null ? null : Scalar(user.Node, "token"),
            TokenFile = user is null ? null : Scalar(user.Node, "tokenFile") is { } f ? user.Resolve(f) : null,
            ClientCertificatePem = user is null ? null : DataOrFile(user, "client-certificate-data", "client-certificate"),
            ClientKeyPem = user is null ? null : DataOrFile(user, "client-key-data", "client-key"),
            Namespace = string.IsNullOrEmpty(ns) ? "default" : ns,
        };
    }

    private static string? DataOrFile(Entry entry, string dataKey, string fileKey)
    {
        if (Scalar(entry.Node, dataKey) is { Length: > 0 } data) return Encoding.UTF8.GetString(Convert.FromBase64String(data));
        return Scalar(entry.Node, fileKey) is { Length: > 0 } file ? File.ReadAllText(entry.Resolve(file)) : null;
    }

    private static YamlMappingNode ReadRoot(string path)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path)) yaml.Load(reader);
        if (yaml.Documents.Count == 0) return new YamlMappingNode();
        return yaml.Documents[0].RootNode as YamlMappingNode ?? throw new InvalidOperationException($"kubeconfig {path}: not a mapping");
    }

    private static void Collect(YamlMappingNode root, string listKey, string itemKey, string dir, Dictionary<string, Entry> into)
    {
        if (!root.Children.TryGetValue(listKey, out var list) || list is not YamlSequenceNode items) return;
        foreach (var item in items.OfType<YamlMappingNode>())
        {
            var name = Scalar(item, "name");
            if (name is null || into.ContainsKey(name)) continue;
            into[name] = new Entry(item.Children.TryGetValue(itemKey, out var body) && body is YamlMappingNode m ? m : new YamlMappingNode(), dir);
        }
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    private sealed record Entry(YamlMappingNode Node, string Directory)
    {
        public string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.Combine(Directory, path);
    }
}
