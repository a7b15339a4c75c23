using System.Globalization;

namespace Cluster.ApiServer.ServiceNetworking;

/// <summary>The ports NodePort services get (<c>--service-node-port-range</c>, inclusive at both ends).</summary>
public sealed record NodePortRange(int Base, int Size)
{
    public const string Default = "30000-32767";

    public int Last => Base + Size - 1;

    /// <summary>Offsets below this are preferred for ports clients ask for (upstream's static band: size/32, between 16 and 128).</summary>
    public int StaticBand => Size < 16 ? 0 : Math.Clamp(Size / 32, 16, 128);

    public bool Contains(long port) => port >= Base && port <= Last;

    /// <summary>Parses <c>first-last</c> (or one port); throws FormatException when malformed or outside 1-65535.</summary>
    public static NodePortRange Parse(string range)
    {
        var parts = range.Split('-', 2, StringSplitOptions.TrimEntries);
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            || first < 1 || last > 65535 || last < first)
        {
            throw new FormatException($"invalid node port range {range}: expected first-last within 1-65535, such as {Default}");
        }

        return new NodePortRange(first, last - first + 1);
    }

    public override string ToString() => $"{Base}-{Last}";
}
