using System.Security.Cryptography;
using System.Text;

namespace Cluster.Kubelet.Proxy;

/// <summary>
/// The names of the proxy's chains, all starting with one prefix so that several proxies (tests, or agents with their
/// own bridges) share a network namespace without touching each other's rules. Per-service chains are named, like
/// kube-proxy's, by a hash of the service port (and endpoint): &lt;prefix&gt;-SVC-&lt;base32&gt; and so on, padded to the
/// 28 characters iptables allows.
/// </summary>
public sealed class ProxyChainNames
{
    public const int MaxPrefixLength = 13;
    public const int MaxChainLength = 28;
    public const int ShardCount = 64;

    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private readonly int _hashLength;

    public ProxyChainNames(string prefix)
    {
        if (string.IsNullOrEmpty(prefix) || prefix.Length > MaxPrefixLength
            || !prefix.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '-'))
            throw new ArgumentException($"\"{prefix}\" is not a valid chain prefix (A-Z, 0-9, '-'; at most {MaxPrefixLength})", nameof(prefix));
        Prefix = prefix;
        _hashLength = MaxChainLength - prefix.Length - "-SVC-".Length;
        Services = prefix + "-SERVICES";
        NodePorts = prefix + "-NODEPORTS";
        MarkMasquerade = prefix + "-MARK-MASQ";
        Postrouting = prefix + "-POSTROUTING";
        External = prefix + "-EXTERNAL";
    }

    public string Prefix { get; }

    /// <summary>nat: the dispatch chain, reached from PREROUTING and OUTPUT; jumps to every shard, then to NodePorts.</summary>
    public string Services { get; }

    /// <summary>nat: one rule per NodePort, for local destination addresses.</summary>
    public string NodePorts { get; }

    /// <summary>nat: marks a packet for masquerading.</summary>
    public string MarkMasquerade { get; }

    /// <summary>nat: masquerades the marked packets.</summary>
    public string Postrouting { get; }

    /// <summary>filter: rejects (or drops) traffic to NodePorts that have no endpoints to go to.</summary>
    public string External { get; }

    /// <summary>filter: rejects traffic to cluster IPs that have no endpoints (same name as the nat dispatch chain, as kube-proxy).</summary>
    public string FilterServices => Services;

    /// <summary>nat: the cluster IP rules of the service ports whose hash falls in shard <paramref name="index"/>.</summary>
    public string Shard(int index) => $"{Prefix}-SVCS-{index:X2}";

    /// <summary>The shard a service port's dispatch rule lives in.</summary>
    public static int ShardOf(ServicePortName port) => (int)(Hash(port.ToString())[0] % ShardCount);

    /// <summary>nat: the endpoints of a service port for traffic that may go anywhere in the cluster.</summary>
    public string ClusterChain(ServicePortName port) => Name("SVC", port.ToString());

    /// <summary>nat: the endpoints on this node, for the Local traffic policies.</summary>
    public string LocalChain(ServicePortName port) => Name("SVL", port.ToString());

    /// <summary>nat: NodePort traffic of a service port (masquerading, then the cluster or the local chain).</summary>
    public string ExternalChain(ServicePortName port) => Name("EXT", port.ToString());

    /// <summary>nat: the DNAT to one endpoint of a service port.</summary>
    public string EndpointChain(ServicePortName port, string endpoint) => Name("SEP", port + "/" + endpoint);

    /// <summary>True for a chain this prefix's proxy made: what a restart or reset may delete.</summary>
    public bool IsOurs(string chain) =>
        chain.Length > Prefix.Length + 1 && chain.StartsWith(Prefix, StringComparison.Ordinal) && chain[Prefix.Length] == '-'
        && (chain == Services || chain == NodePorts || chain == MarkMasquerade || chain == Postrouting || chain == External
            || HasKind(chain, "SVCS-") || HasKind(chain, "SVC-") || HasKind(chain, "SVL-") || HasKind(chain, "EXT-") || HasKind(chain, "SEP-"));

    private bool HasKind(string chain, string kind) => string.CompareOrdinal(chain, Prefix.Length + 1, kind, 0, kind.Length) == 0;

    private string Name(string kind, string key)
    {
        var hash = Hash(key);
        var text = new StringBuilder(Prefix.Length + 5 + _hashLength).Append(Prefix).Append('-').Append(kind).Append('-');
        // 5 bits per character from the front of the hash: 32 bytes give 51 characters, more than any length here.
        for (var i = 0; i < _hashLength; i++)
        {
            var bit = i * 5;
            var value = ((hash[bit / 8] << 8) | hash[bit / 8 + 1]) >> (11 - bit % 8) & 31;
            text.Append(Base32[value]);
        }
        return text.ToString();
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
