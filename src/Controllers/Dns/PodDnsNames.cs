using System.Net;

namespace Cluster.Controllers.Dns;

/// <summary>
/// Pod names as CoreDNS's <c>pods insecure</c> mode (the kubeadm default) serves them: <c>a-b-c-d.ns.pod.DOMAIN</c> is
/// the address a.b.c.d (IPv6 with every ':' written as '-'), for any address, in a namespace that exists.
/// </summary>
public static class PodDnsNames
{
    /// <summary>The labels of a name before <c>.pod.DOMAIN</c> (<c>["a-b-c-d", "ns"]</c>), or null for a name not below that zone.</summary>
    public static string[]? Labels(string name, string domain)
    {
        var zone = ".pod." + domain;
        return name.EndsWith(zone, StringComparison.OrdinalIgnoreCase) ? name[..^zone.Length].Split('.') : null;
    }

    /// <summary>The address a pod label spells, or null: four dash-separated parts are IPv4, anything else IPv6.</summary>
    public static IPAddress? Address(string label)
    {
        var ipv4 = label.Count(c => c == '-') == 3 && !label.Contains("--", StringComparison.Ordinal);
        var text = ipv4 ? label.Replace('-', '.') : label.Replace('-', ':');
        if (!IPAddress.TryParse(text, out var address)) return null;
        return ipv4 == (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ? address : null;
    }
}
