using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Cluster.Api.Validation;

/// <summary>
/// Kubernetes' string-format checks (k8s.io/apimachinery/pkg/util/validation, v1.32). Each returns the list
/// of problems with the value, empty when it is valid; the texts match upstream's so they can be shown to
/// kubectl users unchanged. Lengths are counted in UTF-8 bytes like Go's len. Pure and thread-safe.
/// </summary>
public static partial class NameValidation
{
    /// <summary>Maximum length of a DNS-1123 label (and of a DNS-1035 label).</summary>
    public const int Dns1123LabelMaxLength = 63;

    /// <summary>Maximum length of a DNS-1123 subdomain.</summary>
    public const int Dns1123SubdomainMaxLength = 253;

    /// <summary>Maximum length of a label value and of the name part of a qualified name.</summary>
    public const int LabelValueMaxLength = 63;

    private const string Dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123LabelErrMsg = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
    private const string Dns1123SubdomainFmt = Dns1123LabelFmt + "(\\." + Dns1123LabelFmt + ")*";
    private const string Dns1123SubdomainErrMsg = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private const string Dns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1035LabelErrMsg = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    private const string QualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string QualifiedNameErrMsg = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string LabelValueFmt = "(" + QualifiedNameFmt + ")?";
    private const string LabelValueErrMsg = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    /// <summary>Checks a DNS (RFC 1123) subdomain: the usual format of object names.</summary>
    public static IReadOnlyList<string> IsDns1123Subdomain(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errs = new List<string>();
        if (ByteLength(value) > Dns1123SubdomainMaxLength)
        {
            errs.Add(MaxLenError(Dns1123SubdomainMaxLength));
        }

        if (!Dns1123SubdomainRegex().IsMatch(value))
        {
            errs.Add(RegexError(Dns1123SubdomainErrMsg, Dns1123SubdomainFmt, "example.com"));
        }

        return errs;
    }

    /// <summary>Checks a DNS (RFC 1123) label: namespace names and many other names.</summary>
    public static IReadOnlyList<string> IsDns1123Label(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errs = new List<string>();
        if (ByteLength(value) > Dns1123LabelMaxLength)
        {
            errs.Add(MaxLenError(Dns1123LabelMaxLength));
        }

        if (!Dns1123LabelRegex().IsMatch(value))
        {
            // A valid subdomain that is not a valid label can only differ by its dots.
            errs.Add(Dns1123SubdomainRegex().IsMatch(value)
                ? "must not contain dots"
                : RegexError(Dns1123LabelErrMsg, Dns1123LabelFmt, "my-name", "123-abc"));
        }

        return errs;
    }

    /// <summary>Checks a DNS (RFC 1035) label: names that must start with a letter, such as service names.</summary>
    public static IReadOnlyList<string> IsDns1035Label(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errs = new List<string>();
        if (ByteLength(value) > Dns1123LabelMaxLength)
        {
            errs.Add(MaxLenError(Dns1123LabelMaxLength));
        }

        if (!Dns1035LabelRegex().IsMatch(value))
        {
            errs.Add(RegexError(Dns1035LabelErrMsg, Dns1035LabelFmt, "my-name", "abc-123"));
        }

        return errs;
    }

    /// <summary>
    /// Checks a "qualified name": label and annotation keys, finalizers. An optional DNS subdomain prefix and
    /// '/' followed by a name of at most 63 alphanumeric, '-', '_' or '.' characters.
    /// </summary>
    public static IReadOnlyList<string> IsQualifiedName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errs = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                var prefix = parts[0];
                name = parts[1];
                if (prefix.Length == 0)
                {
                    errs.Add("prefix part " + EmptyError());
                }
                else
                {
                    errs.AddRange(IsDns1123Subdomain(prefix).Select(m => "prefix part " + m));
                }

                break;
            default:
                errs.Add("a qualified name " + RegexError(QualifiedNameErrMsg, QualifiedNameFmt, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errs;
        }

        if (name.Length == 0)
        {
            errs.Add("name part " + EmptyError());
        }
        else if (ByteLength(name) > LabelValueMaxLength)
        {
            errs.Add("name part " + MaxLenError(LabelValueMaxLength));
        }

        if (!QualifiedNameRegex().IsMatch(name))
        {
            errs.Add("name part " + RegexError(QualifiedNameErrMsg, QualifiedNameFmt, "MyName", "my.name", "123-abc"));
        }

        return errs;
    }

    /// <summary>Checks a label value: empty, or at most 63 alphanumeric, '-', '_' or '.' characters.</summary>
    public static IReadOnlyList<string> IsValidLabelValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errs = new List<string>();
        if (ByteLength(value) > LabelValueMaxLength)
        {
            errs.Add(MaxLenError(LabelValueMaxLength));
        }

        if (!LabelValueRegex().IsMatch(value))
        {
            errs.Add(RegexError(LabelValueErrMsg, LabelValueFmt, "MyValue", "my_value", "12345"));
        }

        return errs;
    }

    /// <summary>Upstream's "too long" text: <c>must be no more than N characters</c>.</summary>
    public static string MaxLenError(int length) =>
        string.Create(CultureInfo.InvariantCulture, $"must be no more than {length} characters");

    /// <summary>Upstream's "empty" text: <c>must be non-empty</c>.</summary>
    public static string EmptyError() => "must be non-empty";

    /// <summary>Upstream's pattern-failure text: the message, examples and the pattern used.</summary>
    public static string RegexError(string message, string pattern, params ReadOnlySpan<string> examples)
    {
        if (examples.Length == 0)
        {
            return message + " (regex used for validation is '" + pattern + "')";
        }

        var sb = new StringBuilder(message).Append(" (e.g. ");
        for (var i = 0; i < examples.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(" or ");
            }

            sb.Append('\'').Append(examples[i]).Append("', ");
        }

        return sb.Append("regex used for validation is '").Append(pattern).Append("')").ToString();
    }

    internal static int ByteLength(string value) => Encoding.UTF8.GetByteCount(value);

    // \z, not $: .NET's $ also matches before a final newline, Go's does not.
    [GeneratedRegex("^(?:" + Dns1123LabelFmt + ")\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123LabelRegex();

    [GeneratedRegex("^(?:" + Dns1123SubdomainFmt + ")\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123SubdomainRegex();

    [GeneratedRegex("^(?:" + Dns1035LabelFmt + ")\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1035LabelRegex();

    [GeneratedRegex("^(?:" + QualifiedNameFmt + ")\\z", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedNameRegex();

    [GeneratedRegex("^(?:" + LabelValueFmt + ")\\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValueRegex();
}
