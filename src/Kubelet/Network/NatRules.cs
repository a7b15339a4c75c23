using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cluster.Kubelet.Network;

/// <summary>
/// The iptables rules of one pod bridge, as iptables-restore input (applied with --noflush, so only the chains named
/// here change). Three chains of our own, each reached by one jump from a built-in chain:
/// <list type="bullet">
/// <item><c>&lt;prefix&gt;-POSTROUTING</c> (nat): MASQUERADE pod traffic leaving the cluster CIDR (the pod CIDR when the
/// cluster CIDR does not hold it) other than via the bridge, so pods on other nodes see the client pod's address; and
/// traffic marked by a hostPort rule (a pod or the node's loopback reaching a pod through a node address: without it the
/// reply would bypass the NAT).</item>
/// <item><c>&lt;prefix&gt;-HOSTPORTS</c> (nat, from PREROUTING and OUTPUT for local destinations): per mapping, the mark for
/// masquerading and the DNAT to podIP:containerPort. Rebuilt whole from the records when one goes away.</item>
/// <item><c>&lt;prefix&gt;-FORWARD</c> (filter): accept forwarding to and from the bridge, whatever the FORWARD policy.</item>
/// </list>
/// Declaring a chain (<c>:NAME - [0:0]</c>) in iptables-restore creates it or empties it, which makes every refill idempotent.
/// </summary>
public sealed class NatRules
{
    public const int MaxPrefixLength = 16;                                 // iptables chain names hold 28 characters

    private readonly string _bridge;
    private readonly Ipv4Cidr _podCidr;
    private readonly Ipv4Cidr _unmasqueraded;
    private readonly string _mark;

    public NatRules(string chainPrefix, string bridge, Ipv4Cidr podCidr, int masqueradeMarkBit, Ipv4Cidr? clusterCidr = null)
    {
        if (string.IsNullOrEmpty(chainPrefix) || chainPrefix.Length > MaxPrefixLength
            || !chainPrefix.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
            throw new ArgumentException($"\"{chainPrefix}\" is not a valid chain prefix (A-Z, 0-9, '-', '_'; at most {MaxPrefixLength})", nameof(chainPrefix));
        if (masqueradeMarkBit is < 0 or > 31) throw new ArgumentOutOfRangeException(nameof(masqueradeMarkBit), "a mark bit is 0..31");
        (_bridge, _podCidr) = (bridge, podCidr);
        _unmasqueraded = clusterCidr is { } cluster && cluster.Contains(podCidr) ? cluster : podCidr;
        var bit = 1u << masqueradeMarkBit;
        _mark = $"0x{bit:x}/0x{bit:x}";
        Postrouting = chainPrefix + "-POSTROUTING";
        HostPorts = chainPrefix + "-HOSTPORTS";
        Forward = chainPrefix + "-FORWARD";
    }

    public string Postrouting { get; }

    public string HostPorts { get; }

    public string Forward { get; }

    /// <summary>The jumps from built-in chains into ours: (table, built-in chain, rule), for <c>iptables -C</c> and appending.</summary>
    public IReadOnlyList<IptablesRule> Jumps =>
    [
        new("nat", "PREROUTING", ["-m", "addrtype", "--dst-type", "LOCAL", "-j", HostPorts]),
        new("nat", "OUTPUT", ["-m", "addrtype", "--dst-type", "LOCAL", "-j", HostPorts]),
        new("nat", "POSTROUTING", ["-j", Postrouting]),
        new("filter", "FORWARD", ["-j", Forward]),
    ];

    /// <summary>Every chain refilled, plus the jumps <paramref name="missingJumps"/> appended.</summary>
    public string NodeRestore(IEnumerable<HostPortRecord> records, IEnumerable<IptablesRule> missingJumps)
    {
        var missing = missingJumps.ToList();
        var cidr = _podCidr.ToString();
        var text = new StringBuilder();
        text.Append("*nat\n");
        text.Append(CultureInfo.InvariantCulture, $":{Postrouting} - [0:0]\n:{HostPorts} - [0:0]\n");
        text.Append(CultureInfo.InvariantCulture, $"-A {Postrouting} -m mark --mark {_mark} -j MASQUERADE\n");
        text.Append(CultureInfo.InvariantCulture, $"-A {Postrouting} -s {cidr} ! -d {_unmasqueraded} ! -o {_bridge} -j MASQUERADE\n");
        foreach (var record in records) AppendHostPortRules(text, record);
        AppendJumps(text, missing.Where(j => j.Table == "nat"));
        text.Append("COMMIT\n*filter\n");
        text.Append(CultureInfo.InvariantCulture, $":{Forward} - [0:0]\n");
        text.Append(CultureInfo.InvariantCulture, $"-A {Forward} -i {_bridge} -j ACCEPT\n-A {Forward} -o {_bridge} -j ACCEPT\n");
        AppendJumps(text, missing.Where(j => j.Table == "filter"));
        text.Append("COMMIT\n");
        return text.ToString();
    }

    /// <summary>The hostPort chain emptied and refilled from <paramref name="records"/>.</summary>
    public string HostPortRestore(IEnumerable<HostPortRecord> records)
    {
        var text = new StringBuilder("*nat\n");
        text.Append(CultureInfo.InvariantCulture, $":{HostPorts} - [0:0]\n");
        foreach (var record in records) AppendHostPortRules(text, record);
        return text.Append("COMMIT\n").ToString();
    }

    /// <summary>One sandbox's hostPort rules appended to the chain (for a sandbox that has none there yet).</summary>
    public string HostPortAppend(HostPortRecord record)
    {
        var text = new StringBuilder("*nat\n");
        AppendHostPortRules(text, record);
        return text.Append("COMMIT\n").ToString();
    }

    /// <summary>The mapping's protocol as iptables spells it (tcp, udp, sctp); empty means TCP.</summary>
    public static string ProtocolOf(HostPortMapping mapping) => mapping.Protocol.ToUpperInvariant() switch
    {
        "" or "TCP" => "tcp",
        "UDP" => "udp",
        "SCTP" => "sctp",
        _ => throw new ArgumentException($"hostPort {mapping.HostPort}: protocol \"{mapping.Protocol}\" is not TCP, UDP or SCTP"),
    };

    /// <summary>Checks a mapping as <see cref="HostPortAppend"/> will use it; throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    public static void Validate(HostPortMapping mapping)
    {
        ProtocolOf(mapping);
        if (mapping.HostPort is < 1 or > 65535) throw new ArgumentException($"hostPort {mapping.HostPort} is not a port (1-65535)");
        if (mapping.ContainerPort is < 1 or > 65535)
            throw new ArgumentException($"hostPort {mapping.HostPort}: containerPort {mapping.ContainerPort} is not a port (1-65535)");
        if (!string.IsNullOrEmpty(mapping.HostIp) && !IPAddress.TryParse(mapping.HostIp, out _))
            throw new ArgumentException($"hostPort {mapping.HostPort}: hostIP \"{mapping.HostIp}\" is not an IP address");
    }

    private void AppendHostPortRules(StringBuilder text, HostPortRecord record)
    {
        var comment = Comment($"{record.PodNamespace}/{record.PodName} {record.SandboxId}");
        foreach (var mapping in record.Mappings)
        {
            if (DestinationMatch(mapping.HostIp) is not { } destination) continue;
            var protocol = ProtocolOf(mapping);
            var match = $"-A {HostPorts} -p {protocol} -m {protocol} --dport {mapping.HostPort}{destination} -m comment --comment \"{comment}\"";
            text.Append(CultureInfo.InvariantCulture, $"{match} -s {_podCidr} -j MARK --set-xmark {_mark}\n");
            text.Append(CultureInfo.InvariantCulture, $"{match} -s 127.0.0.0/8 -j MARK --set-xmark {_mark}\n");
            text.Append(CultureInfo.InvariantCulture, $"{match} -j DNAT --to-destination {record.PodIp}:{mapping.ContainerPort}\n");
        }
    }

    /// <summary>
    /// The destination match for a hostIP: none for every address; null (no rule) for an IPv6 one, which cannot reach an
    /// IPv4 pod.
    /// </summary>
    private static string? DestinationMatch(string? hostIp)
    {
        if (string.IsNullOrEmpty(hostIp) || !IPAddress.TryParse(hostIp, out var address)) return "";
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return "";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return address.AddressFamily == AddressFamily.InterNetwork ? $" -d {address}/32" : null;
    }

    private static void AppendJumps(StringBuilder text, IEnumerable<IptablesRule> jumps)
    {
        foreach (var jump in jumps) text.Append(CultureInfo.InvariantCulture, $"-A {jump.Chain} {string.Join(' ', jump.Arguments)}\n");
    }

    private static string Comment(string text) => new([.. text.Where(c => c is not ('"' or '\\') && !char.IsControl(c)).Take(200)]);
}
