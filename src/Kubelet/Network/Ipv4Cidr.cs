using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Cluster.Kubelet.Network;

/// <summary>
/// An IPv4 network such as 10.42.0.0/24, held as its network address and prefix length. Host bits given in the text are
/// cleared (as Go's net.ParseCIDR does). A pod network needs room for the gateway and at least one pod, so only
/// prefixes of /30 or shorter are accepted.
/// </summary>
public readonly record struct Ipv4Cidr
{
    public const int LongestPodPrefix = 30;

    private Ipv4Cidr(uint network, int prefixLength) => (Network, PrefixLength) = (network, prefixLength);

    /// <summary>The network address as a host-order number.</summary>
    public uint Network { get; }

    public int PrefixLength { get; }

    /// <summary>The network address, never handed out.</summary>
    public IPAddress NetworkAddress => ToAddress(Network);

    /// <summary>The first host address: the bridge's, and the pods' default gateway.</summary>
    public IPAddress Gateway => ToAddress(Network + 1);

    /// <summary>The broadcast address, never handed out.</summary>
    public IPAddress Broadcast => ToAddress(BroadcastNumber);

    /// <summary>The first address a pod can get (after the gateway).</summary>
    public uint FirstPodNumber => Network + 2;

    /// <summary>The last address a pod can get (before the broadcast address).</summary>
    public uint LastPodNumber => BroadcastNumber - 1;

    public int PodAddressCount => (int)(LastPodNumber - FirstPodNumber + 1);

    private uint BroadcastNumber => Network | ~Mask(PrefixLength);

    public static Ipv4Cidr Parse(string text) =>
        TryParse(text, out var cidr, out var error) ? cidr : throw new FormatException(error);

    public static bool TryParse(string? text, out Ipv4Cidr cidr, out string error)
    {
        cidr = default;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (text is null || slash < 0)
        {
            error = $"\"{text}\" is not a CIDR (want an IPv4 network such as 10.42.0.0/24)";
            return false;
        }
        if (!IPAddress.TryParse(text.AsSpan(0, slash), out var address) || address.AddressFamily != AddressFamily.InterNetwork
            || text.Count(c => c == '.') != 3)
        {
            error = $"\"{text}\" is not an IPv4 CIDR (IPv6 pod networks are not supported)";
            return false;
        }
        if (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > 32)
        {
            error = $"\"{text}\" has no valid prefix length";
            return false;
        }
        if (prefix > LongestPodPrefix)
        {
            error = $"\"{text}\" is too small for a pod network: it needs a gateway and a pod address (/{LongestPodPrefix} at most)";
            return false;
        }
        cidr = new Ipv4Cidr(ToNumber(address) & Mask(prefix), prefix);
        error = "";
        return true;
    }

    public bool Contains(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork && (ToNumber(address) & Mask(PrefixLength)) == Network;

    /// <summary>True when every address of <paramref name="other"/> lies in this network.</summary>
    public bool Contains(Ipv4Cidr other) => other.PrefixLength >= PrefixLength && (other.Network & Mask(PrefixLength)) == Network;

    public static uint ToNumber(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        if (address.AddressFamily != AddressFamily.InterNetwork || !address.TryWriteBytes(bytes, out _))
            throw new ArgumentException($"{address} is not an IPv4 address", nameof(address));
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public static IPAddress ToAddress(uint number)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, number);
        return new IPAddress(bytes);
    }

    public override string ToString() => $"{NetworkAddress}/{PrefixLength}";

    private static uint Mask(int prefix) => prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
}
