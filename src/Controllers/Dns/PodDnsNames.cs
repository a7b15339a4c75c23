using System.Net;

namespace Cluster.Controllers.Dns;

/// <summary>
/// Pod names as CoreDNS's <c>pods insecure</c> mode (the kubeadm default) serves them: <c>a-b-c-d.ns.pod.DOMAIN</c> is
/// the address a.b.c.d (IPv6 with every ':' written as '-'), for any address, in a namespace that exists.
/// </summary>
public static class PodDnsNames
{
    /// <summary>
    /// The pod label and namespace of a name under <c>pod.DOMAIN</c>: <c>("", ns)</c> for <c>ns.pod.DOMAIN</c>; null for
    /// names elsewhere, <c>pod.DOMAIN</c> itself, or names with more labels (which do not exist).
    /// </summary>
    public static (string Label, string Namespace)? Split(string name, string domain)
    {
        var zone = ".pod." + domain;
        if (!name.EndsWith(zone, StringComparison.OrdinalIgnoreCase)) return null;
        var labels = name[..^zone.Length].Split('.');
        return labels switch
        {
            [var ns] => ("", ns.ToLowerInvariant()),
            [var label, var ns] => (label, ns.ToLowerInvariant()),
            _ => ("-", ""), // deeper than a pod name: never an address, so NXDOMAIN
        };
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
