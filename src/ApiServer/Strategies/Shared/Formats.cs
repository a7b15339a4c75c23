using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Cluster.Api.Validation;

namespace Cluster.ApiServer.Strategies.Shared;

/// <summary>
/// String-format checks of k8s.io/apimachinery/pkg/util/validation (v1.32) that the Api project does not
/// have: config keys, environment variable names, ports, percents, IPs and CIDRs. Each returns upstream's
/// messages, empty when the value is valid.
/// </summary>
internal static partial class Formats
{
    public const string ConfigMapKeyFmt = "[-._a-zA-Z0-9]+";
    public const string EnvVarNameFmt = "[-._a-zA-Z][-._a-zA-Z0-9]*";
    public const string IpMessage = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
    public const string CidrMessage = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

    /// <summary>"must be between lo and hi, inclusive".</summary>
    public static string InclusiveRange(long lo, long hi) =>
        string.Create(CultureInfo.InvariantCulture, $"must be between {lo} and {hi}, inclusive");

    public static List<string> ConfigMapKey(string value)
    {
        var errs = new List<string>();
        if (Encoding.UTF8.GetByteCount(value) > NameValidation.Dns1123SubdomainMaxLength)
        {
            errs.Add(NameValidation.MaxLenError(NameValidation.Dns1123SubdomainMaxLength));
        }

        if (!ConfigMapKeyRegex().IsMatch(value))
        {
            errs.Add(NameValidation.RegexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                ConfigMapKeyFmt, "key.name", "KEY_NAME", "key-name"));
        }

        errs.AddRange(ChDirPrefix(value));
        return errs;
    }

    public static List<string> EnvVarName(string value)
    {
        var errs = new List<string>();
        if (!EnvVarNameRegex().IsMatch(value))
        {
            errs.Add(NameValidation.RegexError(
                "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
                EnvVarNameFmt, "my.env-name", "MY_ENV.NAME", "MyEnvName1"));
        }

        errs.AddRange(ChDirPrefix(value));
        return errs;
    }

    public static List<string> PortNum(long port) => port is >= 1 and <= 65535 ? [] : [InclusiveRange(1, 65535)];

    public static List<string> PortName(string port)
    {
        var errs = new List<string>();
        if (port.Length > 15)
        {
            errs.Add(NameValidation.MaxLenError(15));
        }

        if (!PortNameCharsRegex().IsMatch(port))
        {
            errs.Add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }

        if (!port.Any(c => c is >= 'a' and <= 'z'))
        {
            errs.Add("must contain at least one letter (a-z)");
        }

        if (port.Contains("--", StringComparison.Ordinal))
        {
            errs.Add("must not contain consecutive hyphens");
        }

        if (port.Length > 0 && (port[0] == '-' || port[^1] == '-'))
        {
            errs.Add("must not begin or end with a hyphen");
        }

        return errs;
    }

    public static List<string> Percent(string value) =>
        PercentRegex().IsMatch(value)
            ? []
            : [NameValidation.RegexError("a valid percent string must be a numeric string followed by an ending '%'", "[0-9]+%", "1%", "93%")];

    public static List<string> HttpHeaderName(string value) =>
        HeaderRegex().IsMatch(value)
            ? []
            : [NameValidation.RegexError("a valid HTTP header must consist of alphanumeric characters or '-'", "[-A-Za-z0-9]+", "X-Header-Name")];

    /// <summary>upstream's path.IsValidPathSegmentName (RBAC names, object references).</summary>
    public static List<string> PathSegmentName(string name)
    {
        if (name is "." or "..")
        {
            return ["may not be '" + name + "'"];
        }

        var errs = new List<string>();
        foreach (var bad in new[] { "/", "%" })
        {
            if (name.Contains(bad, StringComparison.Ordinal))
            {
                errs.Add("may not contain '" + bad + "'");
            }
        }

        return errs;
    }

    /// <summary>A wildcard-capable DNS subdomain check for ingress hosts ("*.example.com").</summary>
    public static IReadOnlyList<string> WildcardDns1123Subdomain(string value)
    {
        var errs = new List<string>();
        if (Encoding.UTF8.GetByteCount(value) > NameValidation.Dns1123SubdomainMaxLength)
        {
            errs.Add(NameValidation.MaxLenError(NameValidation.Dns1123SubdomainMaxLength));
        }

        const string fmt = "\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
        if (!WildcardRegex().IsMatch(value))
        {
            errs.Add(NameValidation.RegexError(
                "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character",
                fmt, "*.example.com"));
        }

        return errs;
    }

    /// <summary>Parses an IP like Go's net.ParseIP (dotted quad or IPv6 without a zone), or returns null.</summary>
    public static IPAddress? ParseIp(string value)
    {
        if (value.Contains(':', StringComparison.Ordinal))
        {
            return !value.Contains('%', StringComparison.Ordinal) && IPAddress.TryParse(value, out var v6)
                && v6.AddressFamily == AddressFamily.InterNetworkV6 ? v6 : null;
        }

        var parts = value.Split('.');
        if (parts.Length != 4)
        {
            return null;
        }

        var bytes = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            if (parts[i].Length is 0 or > 3 || !parts[i].All(char.IsAsciiDigit)
                || !byte.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return null;
            }
        }

        return new IPAddress(bytes);
    }

    public static bool IsCidr(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || ParseIp(value[..slash]) is not { } ip)
        {
            return false;
        }

        var max = ip.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var bits = value[(slash + 1)..];
        return bits.Length is > 0 and <= 3 && bits.All(char.IsAsciiDigit)
            && int.Parse(bits, CultureInfo.InvariantCulture) <= max;
    }

    private static IEnumerable<string> ChDirPrefix(string value)
    {
        if (value == ".")
        {
            yield return "must not be '.'";
        }
        else if (value == "..")
        {
            yield return "must not be '..'";
        }
        else if (value.StartsWith("..", StringComparison.Ordinal))
        {
            yield return "must not start with '..'";
        }
    }

    [GeneratedRegex("^" + ConfigMapKeyFmt + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ConfigMapKeyRegex();

    [GeneratedRegex("^" + EnvVarNameFmt + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex EnvVarNameRegex();

    [GeneratedRegex("^[-a-z0-9]+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex PortNameCharsRegex();

    [GeneratedRegex("^[0-9]+%\\z", RegexOptions.CultureInvariant)]
    private static partial Regex PercentRegex();

    [GeneratedRegex("^[-A-Za-z0-9]+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderRegex();

    [GeneratedRegex("^\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex WildcardRegex();
}
