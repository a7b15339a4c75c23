using System.Text;
using Cluster.Api.Core.V1;

namespace Cluster.Kubelet.Pods;

/// <summary>The /etc/hosts and /etc/hostname the kubelet gives a pod's containers (the pod's own network only).</summary>
public static class PodFiles
{
    /// <summary>
    /// The pod's host name: spec.hostname when set, else the pod name (cut to 63 characters, trailing '-' and '.' dropped,
    /// as the kubelet does).
    /// </summary>
    public static string HostName(Pod pod)
    {
        var name = pod.Spec?.Hostname is { Length: > 0 } hostname ? hostname : pod.Metadata?.Name ?? "pod";
        if (name.Length > 63) name = name[..63].TrimEnd('-', '.');
        return name;
    }

    /// <summary>
    /// The kubelet-managed hosts file: loopback entries, the pod's IPs with its host name (and its FQDN when it has a
    /// subdomain), then spec.hostAliases in order.
    /// </summary>
    public static string Hosts(Pod pod, IReadOnlyList<string> podIps, string clusterDomain = "cluster.local")
    {
        var hosts = new StringBuilder()
            .Append("# Kubernetes-managed hosts file.\n")
            .Append("127.0.0.1\tlocalhost\n")
            .Append("::1\tlocalhost ip6-localhost ip6-loopback\n")
            .Append("fe00::0\tip6-localnet\n")
            .Append("fe00::0\tip6-mcastprefix\n")
            .Append("fe00::1\tip6-allnodes\n")
            .Append("fe00::2\tip6-allrouters\n");
        var hostName = HostName(pod);
        var names = pod.Spec?.Subdomain is { Length: > 0 } subdomain
            ? $"{hostName}.{subdomain}.{pod.Metadata?.Namespace ?? "default"}.svc.{clusterDomain}\t{hostName}"
            : hostName;
        foreach (var ip in podIps) hosts.Append(ip).Append('\t').Append(names).Append('\n');
        return hosts.Append(AliasEntries(pod)).ToString();
    }

    /// <summary>A hostNetwork pod's hosts file: the node's, under a header of its own, then spec.hostAliases.</summary>
    public static string HostNetworkHosts(Pod pod, string nodeHosts) =>
        "# Kubernetes-managed hosts file (host network).\n" + nodeHosts + (nodeHosts.Length == 0 || nodeHosts.EndsWith('\n') ? "" : "\n") + AliasEntries(pod);

    private static string AliasEntries(Pod pod)
    {
        var aliases = pod.Spec?.HostAliases ?? [];
        if (aliases.Count == 0) return "";
        var entries = new StringBuilder("\n# Entries added by HostAliases.\n");
        foreach (var alias in aliases)
            if (alias.Ip is { Length: > 0 } ip) entries.Append(ip).Append('\t').Append(string.Join('\t', alias.Hostnames ?? [])).Append('\n');
        return entries.ToString();
    }
}
