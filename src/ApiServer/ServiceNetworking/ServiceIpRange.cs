using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Cluster.ApiServer.ServiceNetworking;

/// <summary>
/// The IPv4 service CIDR cluster IPs come from (<c>--service-cluster-ip-range</c>): every address but the network
/// and broadcast ones. The first is the <c>kubernetes</c> service's. Offsets count from that first address.
/// </summary>
public sealed class ServiceIpRange
{
    public const string Default = "10.96.0.0/12";

    private readonly uint _network;
    private readonly int _prefix;

    private ServiceIpRange(uint network, int prefix)
    {
        _network = network;
        _prefix = prefix;
        Size = (int)Math.Min(int.MaxValue, (1L << (32 - prefix)) - 2);
    }

    /// <summary>How many addresses can be allocated.</summary>
    public int Size { get; }

    /// <summary>The kubernetes service's address: the range's first.</summary>
    public IPAddress First => At(0);

    /// <summary>
    /// Offsets below this are preferred for addresses clients ask for (kube-dns's 10.96.0.10, say): random picks take
    /// them only when the rest is full (upstream's static band: size/16, between 16 and 256).
    /// </summary>
    public int StaticBand => Size < 16 ? 0 : Math.Clamp(Size / 16, 16, 256);

    /// <summary>Parses an IPv4 CIDR with a prefix from /12 to /30, as upstream bounds it; throws FormatException otherwise.</summary>
    public static ServiceIpRange Parse(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(cidr.AsSpan(0, slash), out var address) || address.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(cidr.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix))
        {
            throw new FormatException($"invalid service CIDR {cidr}: an IPv4 CIDR such as {Default} is needed");
        }

        if (prefix is < 12 or > 30) throw new FormatException($"invalid service CIDR {cidr}: the prefix must be between /12 and /30");
        var mask = uint.MaxValue << (32 - prefix);
        return new ServiceIpRange(ToUInt(address) & mask, prefix);
    }

    public IPAddress At(int offset) => FromUInt(_network + 1 + (uint)offset);

    /// <summary>The offset of <paramref name="ip"/>, or null when it is not an allocatable address of the range.</summary>
    public int? OffsetOf(IPAddress ip)
    {
        if (ip.AddressFamily != AddressFamily.InterNetwork) return null;
        var offset = (long)ToUInt(ip) - _network - 1;
        return offset >= 0 && offset < Size ? (int)offset : null;
    }

    public override string ToString() => $"{FromUInt(_network)}/{_prefix}";

    private static uint ToUInt(IPAddress ip)
    {
        Span<byte> bytes = stackalloc byte[4];
        ip.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    private static IPAddress FromUInt(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }
}
