using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.Api.Validation;

/// <summary>
/// Formats values the way Go's fmt package prints them in Kubernetes error messages: strings quoted like
/// strconv.Quote, numbers and booleans like %v, string lists like %#v (<c>[]string{"a", "b"}</c>).
/// Other values (JSON nodes, objects) print as JSON or their own ToString, since they have no Go form here.
/// </summary>
internal static class GoFormat
{
    /// <summary>Quotes <paramref name="value"/> like Go's strconv.Quote (printable runes kept, others escaped).</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            AppendQuotedRune(sb, rune);
        }

        sb.Append('"');
        return sb.ToString();
    }

    /// <summary>Prints a bad value as a Kubernetes field error shows it.</summary>
    public static string Value(object? value)
    {
        switch (value)
        {
            case null:
                return "null";
            case string s:
                return Quote(s);
            case bool b:
                return b ? "true" : "false";
            case long or int or short or sbyte or ulong or uint or ushort or byte:
                return Convert.ToString(value, CultureInfo.InvariantCulture)!;
            case double d:
                return Float(d);
            case float f:
                return Float(f);
            case decimal m:
                return m.ToString(CultureInfo.InvariantCulture);
            case JsonValue jv:
                return JsonValueText(jv);
            case JsonNode node:
                return node.ToJsonString();
            case IEnumerable<string> strings:
                return StringList(strings);
            default:
                return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null";
        }
    }

    /// <summary>Prints a string list like Go's %#v of a []string.</summary>
    public static string StringList(IEnumerable<string>? values)
    {
        if (values is null)
        {
            return "[]string(nil)";
        }

        var sb = new StringBuilder("[]string{");
        var first = true;
        foreach (var v in values)
        {
            if (!first)
            {
                sb.Append(", ");
            }

            first = false;
            sb.Append(Quote(v));
        }

        return sb.Append('}').ToString();
    }

    /// <summary>Prints a float like Go's %v (shortest %g: exponent form below 1e-4 and from 1e6).</summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }

        // "R" gives the shortest digits that round-trip, like Go's shortest formatting; only the layout differs.
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest.StartsWith('-');
        if (negative)
        {
            shortest = shortest[1..];
        }

        var ePos = shortest.IndexOfAny(['E', 'e']);
        var mantissa = ePos >= 0 ? shortest[..ePos] : shortest;
        var exp10 = ePos >= 0 ? int.Parse(shortest[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fracPart = dot >= 0 ? mantissa[(dot + 1)..] : string.Empty;
        var digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - digits.Length;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        // Decimal point position relative to the first significant digit.
        var dp = intPart.Length - leadingZeros + exp10;
        var exp = dp - 1;
        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }

        if (exp < -4 || exp >= 6)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }

            sb.Append('e').Append(exp < 0 ? '-' : '+');
            var absExp = Math.Abs(exp);
            if (absExp < 10)
            {
                sb.Append('0');
            }

            sb.Append(absExp.ToString(CultureInfo.InvariantCulture));
        }
        else if (dp <= 0)
        {
            sb.Append("0.").Append('0', -dp).Append(digits);
        }
        else if (dp >= digits.Length)
        {
            sb.Append(digits).Append('0', dp - digits.Length);
        }
        else
        {
            sb.Append(digits, 0, dp).Append('.').Append(digits, dp, digits.Length - dp);
        }

        return sb.ToString();
    }

    private static string JsonValueText(JsonValue value)
    {
        if (value.TryGetValue<string>(out var s))
        {
            return Quote(s);
        }

        if (value.TryGetValue<bool>(out var b))
        {
            return b ? "true" : "false";
        }

        if (value.TryGetValue<JsonElement>(out var element) && element.ValueKind == JsonValueKind.Number)
        {
            if (element.TryGetInt64(out var l))
            {
                return l.ToString(CultureInfo.InvariantCulture);
            }

            return Float(element.GetDouble());
        }

        if (value.TryGetValue<long>(out var n))
        {
            return n.ToString(CultureInfo.InvariantCulture);
        }

        if (value.TryGetValue<double>(out var d))
        {
            return Float(d);
        }

        return value.ToJsonString();
    }

    private static void AppendQuotedRune(StringBuilder sb, Rune rune)
    {
        switch (rune.Value)
        {
            case '"':
                sb.Append("\\\"");
                return;
            case '\\':
                sb.Append("\\\\");
                return;
            case '\a':
                sb.Append("\\a");
                return;
            case '\b':
                sb.Append("\\b");
                return;
            case '\f':
                sb.Append("\\f");
                return;
            case '\n':
                sb.Append("\\n");
                return;
            case '\r':
                sb.Append("\\r");
                return;
            case '\t':
                sb.Append("\\t");
                return;
            case '\v':
                sb.Append("\\v");
                return;
        }

        if (IsPrint(rune))
        {
            sb.Append(rune.ToString());
        }
        else if (rune.Value < ' ' || rune.Value == 0x7f)
        {
            sb.Append("\\x").Append(rune.Value.ToString("x2", CultureInfo.InvariantCulture));
        }
        else if (rune.Value < 0x10000)
        {
            sb.Append("\\u").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append("\\U").Append(rune.Value.ToString("x8", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    internal static bool IsPrint(Rune rune)
    {
        if (rune.Value == ' ')
        {
            return true;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => false,
            _ => true,
        };
    }
}
