using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Cluster.ApiServer.CustomResources;

/// <summary>
/// The OpenAPI <c>format</c>s a CRD schema may name, checked as kube-openapi's strfmt registry does. Formats it does
/// not know (and <c>password</c>) accept anything, as upstream does. Pure and thread-safe.
/// </summary>
public static partial class Formats
{
    /// <summary>True if <paramref name="text"/> is a valid string of <paramref name="format"/>.</summary>
    public static bool IsValid(string format, string text) => format switch
    {
        "date-time" or "datetime" => IsDateTime(text),
        "date" => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "byte" => IsBase64(text),
        "uuid" => UuidPattern().IsMatch(text),
        "uuid3" => UuidPattern().IsMatch(text) && text[14] == '3',
        "uuid4" => UuidPattern().IsMatch(text) && text[14] == '4',
        "uuid5" => UuidPattern().IsMatch(text) && text[14] == '5',
        "ipv4" => IPAddress.TryParse(text, out var v4) && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && text.Count(c => c == '.') == 3,
        "ipv6" => text.Contains(':') && IPAddress.TryParse(text, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6,
        "cidr" => IPNetwork.TryParse(text, out _) && text.Contains('/'),
        "mac" => MacPattern().IsMatch(text),
        "hostname" => text.Length <= 255 && HostnamePattern().IsMatch(text),
        "email" => EmailPattern().IsMatch(text),
        "uri" => Uri.TryCreate(text, UriKind.Absolute, out _),
        "hexcolor" => HexColorPattern().IsMatch(text),
        "duration" => IsDuration(text),
        _ => true,
    };

    /// <summary>True if the number is a whole number within the range of <paramref name="format"/> (int32 or int64).</summary>
    public static bool FitsInteger(string format, JsonNode value)
    {
        if (JsonNumbers.TryLong(value, out var l)) return format != "int32" || l is >= int.MinValue and <= int.MaxValue;
        return !JsonNumbers.TryDouble(value, out var d) || Math.Floor(d) != d
            || (format == "int32" ? d is >= int.MinValue and <= int.MaxValue : d is >= long.MinValue and < 9.2233720368547758E+18);
    }

    private static bool IsDateTime(string text) =>
        DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"],
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);

    private static bool IsBase64(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out _);
    }

    // Go durations ("1h30m", "250ms") and the ISO 8601 forms strfmt also takes ("P1D", "PT5M").
    private static bool IsDuration(string text) => GoDurationPattern().IsMatch(text) || IsoDurationPattern().IsMatch(text);

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex UuidPattern();

    [GeneratedRegex("^([0-9A-Fa-f]{2}[:-]){5}([0-9A-Fa-f]{2})$")]
    private static partial Regex MacPattern();

    [GeneratedRegex(@"^([a-zA-Z0-9]([a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?)(\.([a-zA-Z0-9]([a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?))*\.?$")]
    private static partial Regex HostnamePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex("^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$")]
    private static partial Regex HexColorPattern();

    [GeneratedRegex(@"^[-+]?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h|d|w))+$|^0$")]
    private static partial Regex GoDurationPattern();

    [GeneratedRegex(@"^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")]
    private static partial Regex IsoDurationPattern();
}
