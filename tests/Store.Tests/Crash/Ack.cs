using System.Globalization;

namespace Cluster.Store.Tests.Crash;

/// <summary>
/// One line of the crash worker's output: something the store acknowledged (or, for <see cref="AckKind.Deleting"/>,
/// a delete about to be sent, whose outcome is unknown if the worker dies before acknowledging it).
/// </summary>
internal sealed record Ack(AckKind Kind, long Revision, long Lease, IReadOnlyList<(string Key, string Value)> Kvs, string Line)
{
    /// <summary>True for acknowledged writes that took a revision.</summary>
    public bool IsWrite => Kind is AckKind.Put or AckKind.Create or AckKind.Multi or AckKind.LeasePut or AckKind.Delete;

    public static Ack Parse(string line)
    {
        var f = line.Split(' ');
        return f[0] switch
        {
            "READY" => new(AckKind.Ready, Long(f[1]), 0, [], line),
            "COMPACT" => new(AckKind.Compact, Long(f[1]), 0, [], line),
            "GRANT" => new(AckKind.Grant, 0, Long(f[1]), [], line),
            "PUT" => new(AckKind.Put, Long(f[1]), 0, Pairs(f, 2), line),
            "CREATE" => new(AckKind.Create, Long(f[1]), 0, Pairs(f, 2), line),
            "MULTI" => new(AckKind.Multi, Long(f[1]), 0, Pairs(f, 2), line),
            "LPUT" => new(AckKind.LeasePut, Long(f[1]), Long(f[2]), Pairs(f, 3), line),
            "DELETING" => new(AckKind.Deleting, 0, 0, [(f[1], "")], line),
            "DEL" => new(AckKind.Delete, Long(f[1]), 0, [(f[2], "")], line),
            "ERROR" => new(AckKind.Error, 0, 0, [], line),
            _ => throw new FormatException($"unknown worker line: {line}"),
        };
    }

    private static long Long(string s) => long.Parse(s, CultureInfo.InvariantCulture);

    private static List<(string, string)> Pairs(string[] f, int from)
    {
        if ((f.Length - from) % 2 != 0 || f.Length == from) throw new FormatException($"bad key/value list: {string.Join(' ', f)}");
        var pairs = new List<(string, string)>();
        for (var i = from; i < f.Length; i += 2) pairs.Add((f[i], f[i + 1]));
        return pairs;
    }
}
