using System.Net;

namespace Cluster.Controllers.Dns;

/// <summary>The node's upstream resolvers, from the <c>nameserver</c> lines of resolv.conf (port 53).</summary>
public static class ResolvConf
{
    public const string DefaultPath = "/etc/resolv.conf";

    public static IReadOnlyList<IPEndPoint> Nameservers(string path = DefaultPath) =>
        File.Exists(path) ? Parse(File.ReadAllText(path)) : [];

    public static IReadOnlyList<IPEndPoint> Parse(string text) =>
        [.. text.Split('\n')
            .Select(line => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 2 && fields[0] == "nameserver")
            .Select(fields => IPAddress.TryParse(fields[1].Split('%')[0], out var address) ? new IPEndPoint(address, 53) : null)
            .OfType<IPEndPoint>()];
}
