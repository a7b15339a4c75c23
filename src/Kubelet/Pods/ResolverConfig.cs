using System.Net;
using System.Text;

namespace Cluster.Kubelet.Pods;

/// <summary>
/// The three things a resolv.conf says (CRI's DNSConfig): nameservers, search domains and options, read the way the
/// kubelet reads the node's file (the last search line wins, later options replace earlier ones of the same name,
/// "." is not a search domain) and written the way container runtimes write a pod's (search, nameservers, options).
/// </summary>
public sealed record ResolverConfig(IReadOnlyList<string> Nameservers, IReadOnlyList<string> Searches, IReadOnlyList<string> Options)
{
    public const string EtcResolvConf = "/etc/resolv.conf";
    public const string SystemdResolvedUpstreams = "/run/systemd/resolve/resolv.conf";

    public static ResolverConfig Empty { get; } = new([], [], []);

    public static ResolverConfig Read(string path) => File.Exists(path) ? Parse(File.ReadAllText(path)) : Empty;

    public static ResolverConfig Parse(string text)
    {
        var nameservers = new List<string>();
        IReadOnlyList<string> searches = [];
        IReadOnlyList<string> options = [];
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#', ';')[0];
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2) continue;
            switch (fields[0])
            {
                case "nameserver":
                    nameservers.Add(fields[1]);
                    break;
                case "search":
                    searches = [.. fields[1..].Where(s => s != ".").Select(s => s.TrimEnd('.'))];
                    break;
                case "options":
                    options = MergeOptions(options, fields[1..]);
                    break;
            }
        }
        return new ResolverConfig(nameservers, searches, options);
    }

    /// <summary>
    /// The node's resolv.conf for pods: /etc/resolv.conf, unless all its nameservers are loopback stubs (systemd-resolved's
    /// 127.0.0.53), which a pod cannot reach from its own network; then systemd-resolved's list of real upstreams, as k3s does.
    /// </summary>
    public static string NodeResolvConf()
    {
        var nameservers = Read(EtcResolvConf).Nameservers;
        var loopbackOnly = nameservers.Count > 0 && nameservers.All(n => IPAddress.TryParse(n.Split('%')[0], out var ip) && IPAddress.IsLoopback(ip));
        return loopbackOnly && File.Exists(SystemdResolvedUpstreams) ? SystemdResolvedUpstreams : EtcResolvConf;
    }

    /// <summary>Options by name, later ones replacing the value of earlier ones in place ("name" or "name:value").</summary>
    public static IReadOnlyList<string> MergeOptions(IEnumerable<string> existing, IEnumerable<string> added)
    {
        var merged = new List<(string Name, string Value)>();
        foreach (var option in existing.Concat(added))
        {
            var colon = option.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = colon < 0 ? (option, "") : (option[..colon], option[(colon + 1)..]);
            var at = merged.FindIndex(o => o.Name == name);
            if (at < 0) merged.Add((name, value));
            else merged[at] = (name, value);
        }
        return [.. merged.Select(o => o.Value.Length == 0 ? o.Name : $"{o.Name}:{o.Value}")];
    }

    /// <summary>The file: a search line, one nameserver line each, an options line (each only when it has entries).</summary>
    public string Render()
    {
        var text = new StringBuilder();
        if (Searches.Count > 0) text.Append("search ").AppendJoin(' ', Searches).Append('\n');
        foreach (var nameserver in Nameservers) text.Append("nameserver ").Append(nameserver).Append('\n');
        if (Options.Count > 0) text.Append("options ").AppendJoin(' ', Options).Append('\n');
        return text.ToString();
    }
}
