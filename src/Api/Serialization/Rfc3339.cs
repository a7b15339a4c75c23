using System.Globalization;

namespace Cluster.Api.Serialization;

/// <summary>
/// RFC 3339 timestamps as Kubernetes writes them: <see cref="Format"/> gives UTC with whole seconds
/// ("2024-01-02T03:04:05Z", meta/v1 Time) and <see cref="FormatMicro"/> UTC with six fraction digits
/// ("2024-01-02T03:04:05.123456Z", meta/v1 MicroTime). <see cref="TryParse"/> accepts
/// yyyy-MM-ddTHH:mm:ss, an optional fraction of 1 to 9 digits (beyond 7 digits truncated to ticks), then Z or
/// ±hh:mm — nothing looser.
/// </summary>
public static class Rfc3339
{
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string FormatMicro(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':'
            || !TryDigits(text[..4], out var year) || !TryDigits(text[5..7], out var month) || !TryDigits(text[8..10], out var day)
            || !TryDigits(text[11..13], out var hour) || !TryDigits(text[14..16], out var minute) || !TryDigits(text[17..19], out var second))
        {
            return false;
        }
        var rest = text[19..];
        long ticks = 0;
        if (rest[0] == '.')
        {
            var digits = 1;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }
            var fraction = rest[1..digits];
            if (fraction.Length is 0 or > 9)
            {
                return false;
            }
            for (var i = 0; i < 7; i++)
            {
                ticks = (ticks * 10) + (i < fraction.Length ? fraction[i] - '0' : 0);
            }
            rest = rest[digits..];
        }
        TimeSpan offset;
        if (rest is "Z")
        {
            offset = TimeSpan.Zero;
        }
        else if (rest.Length == 6 && rest[0] is '+' or '-' && rest[3] == ':'
                 && TryDigits(rest[1..3], out var offsetHours) && TryDigits(rest[4..6], out var offsetMinutes) && offsetHours < 24 && offsetMinutes < 60)
        {
            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (rest[0] == '-')
            {
                offset = -offset;
            }
        }
        else
        {
            return false;
        }
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month) || year < 1
            || hour > 23 || minute > 59 || second > 59 || offset.Duration() > TimeSpan.FromHours(14))
        {
            return false;
        }
        var utc = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks) - offset;
        if (utc < DateTime.MinValue.AddDays(1) || utc > DateTime.MaxValue.AddDays(-1))
        {
            return false;
        }
        value = new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            value = (value * 10) + (c - '0');
        }
        return true;
    }
}
