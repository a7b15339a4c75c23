using System.Globalization;

namespace Cluster.Store.Etcd.Grpc;

/// <summary>The value of gRPC's <c>grpc-timeout</c> header: at most 8 digits and a unit (H, M, S, m, u or n).</summary>
internal static class GrpcTimeout
{
    private const long MaxValue = 99_999_999;

    public static string Format(TimeSpan timeout)
    {
        var ms = Math.Max(1, (long)Math.Ceiling(timeout.TotalMilliseconds));
        if (ms <= MaxValue) return Value(ms, 'm');
        var seconds = (ms + 999) / 1000;
        if (seconds <= MaxValue) return Value(seconds, 'S');
        var minutes = (seconds + 59) / 60;
        if (minutes <= MaxValue) return Value(minutes, 'M');
        return Value(Math.Min(MaxValue, (minutes + 59) / 60), 'H');
    }

    /// <summary>Parses a <c>grpc-timeout</c> value; false if it is malformed.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out TimeSpan timeout)
    {
        timeout = default;
        if (text.Length is < 2 or > 9) return false;
        if (!long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return false;
        timeout = text[^1] switch
        {
            'H' => TimeSpan.FromHours(value),
            'M' => TimeSpan.FromMinutes(value),
            'S' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMilliseconds(value),
            'u' => TimeSpan.FromMicroseconds(value),
            'n' => TimeSpan.FromTicks(value / 100),
            _ => TimeSpan.MinValue,
        };
        return timeout != TimeSpan.MinValue;
    }

    private static string Value(long value, char unit) => value.ToString(CultureInfo.InvariantCulture) + unit;
}
