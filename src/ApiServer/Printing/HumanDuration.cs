using System.Globalization;

namespace Cluster.ApiServer.Printing;

/// <summary>
/// The succinct two-to-three significant figure durations kubectl users know from AGE columns
/// ("45s", "119s", "3m10s", "70m", "7h59m", "47h", "2d1h", "8d", "2y1d", "8y"), with the same boundaries as
/// apimachinery's <c>duration.HumanDuration</c>: up to one second in the future is "0s", further is "&lt;invalid&gt;".
/// </summary>
public static class HumanDuration
{
    public static string Format(TimeSpan d)
    {
        // Truncation towards zero, as Go's int(d.Seconds()) does, keeps -1.9s inside the tolerated "0s" band.
        var seconds = d.Ticks / TimeSpan.TicksPerSecond;
        if (seconds < -1)
        {
            return "<invalid>";
        }
        if (seconds < 0)
        {
            return "0s";
        }
        if (seconds < 60 * 2)
        {
            return Str(seconds) + "s";
        }

        var minutes = d.Ticks / TimeSpan.TicksPerMinute;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? Str(minutes) + "m" : Str(minutes) + "m" + Str(s) + "s";
        }
        if (minutes < 60 * 3)
        {
            return Str(minutes) + "m";
        }

        var hours = d.Ticks / TimeSpan.TicksPerHour;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? Str(hours) + "h" : Str(hours) + "h" + Str(m) + "m";
        }
        if (hours < 48)
        {
            return Str(hours) + "h";
        }
        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? Str(hours / 24) + "d" : Str(hours / 24) + "d" + Str(h) + "h";
        }
        if (hours < 24 * 365 * 2)
        {
            return Str(hours / 24) + "d";
        }
        if (hours < 24 * 365 * 8)
        {
            var dy = hours / 24 % 365;
            return dy == 0 ? Str(hours / 24 / 365) + "y" : Str(hours / 24 / 365) + "y" + Str(dy) + "d";
        }
        return Str(hours / 24 / 365) + "y";
    }

    private static string Str(long value) => value.ToString(CultureInfo.InvariantCulture);
}
