using System.Globalization;

namespace Cluster.Store.Etcd.Grpc;

/// <summary>Formats a deadline as the value of gRPC's <c>grpc-timeout</c> header: at most 8 digits and a unit.</summary>
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

    private static string Value(long value, char unit) => value.ToString(CultureInfo.InvariantCulture) + unit;
}
