using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Cluster.ApiServer.Apply;

/// <summary>
/// Go-compatible renderings of JSON values, so that field paths read byte for byte like the API server's: compact
/// JSON as Go's encoder writes it (sorted object keys, HTML-safe escapes, Go number forms) for <c>k:</c> and
/// <c>v:</c> elements, and Go's <c>%v</c>/<c>%q</c> forms used when paths are printed in conflict messages.
/// </summary>
internal static class GoJson
{
    /// <summary>Compact JSON as Go's encoder writes it: sorted object keys, HTML-safe string escapes, Go number forms.</summary>
    public static string Serialize(JsonElement element)
    {
        var builder = new StringBuilder();
        Write(builder, element);
        return builder.ToString();
    }

    public static void Write(StringBuilder builder, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                builder.Append('{');
                var properties = element.EnumerateObject().ToList();
                properties.Sort((x, y) => JsonValues.CompareStrings(x.Name, y.Name));
                for (var i = 0; i < properties.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    WriteString(builder, properties[i].Name);
                    builder.Append(':');
                    Write(builder, properties[i].Value);
                }

                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    Write(builder, item);
                }

                builder.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(builder, element.GetString()!);
                break;
            case JsonValueKind.Number:
                builder.Append(GoNumber(element, json: true));
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            default:
                builder.Append("null");
                break;
        }
    }

    /// <summary>A JSON string as Go writes it: &lt;, &gt;, &amp;, U+2028/9 escaped; lone surrogates as U+FFFD.</summary>
    public static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsSurrogate(c))
            {
                // Go writes invalid UTF-8 (here: a lone surrogate) as the replacement character.
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    builder.Append(c).Append(text[++i]);
                }
                else
                {
                    builder.Append("\\ufffd");
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '<' or '>' or '&' or '\u2028' or '\u2029':
                case < ' ':
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        builder.Append('"');
    }

    /// <summary>Go's <c>%v</c> of a decoded JSON value, as field path strings print list keys and set values.</summary>
    public static string Display(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => Quote(element.GetString()!),
        JsonValueKind.Number => GoNumber(element, json: false),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Array => "[" + string.Join(",", element.EnumerateArray().Select(Display)) + "]",
        JsonValueKind.Object => string.Concat(element.EnumerateObject().Select(p => p.Name + "=" + Display(p.Value))),
        _ => "null",
    };

    /// <summary>Go's <c>%q</c> of a string.</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case < 0x20 or 0x7f:
                    builder.Append("\\x").Append(rune.Value.ToString("x2", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(rune.ToString());
                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    private static string GoNumber(JsonElement element, bool json)
    {
        if (element.TryGetInt64(out var integer) && IsIntegerLiteral(element.GetRawText()))
        {
            return integer.ToString(CultureInfo.InvariantCulture);
        }

        var value = element.GetDouble();
        if (value == 0)
        {
            return "0";
        }

        var (negative, digits, pointPosition) = Decompose(value.ToString("R", CultureInfo.InvariantCulture));
        var magnitude = Math.Abs(value);
        var sign = negative ? "-" : string.Empty;
        var scientific = json
            ? magnitude < 1e-6 || magnitude >= 1e21
            : pointPosition - 1 < -4 || pointPosition - 1 >= 6; // %v is %g with the shortest precision
        if (scientific)
        {
            // Go: shortest mantissa, exponent with at least two digits; its JSON encoder trims e-07 to e-7.
            var exponent = pointPosition - 1;
            var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            var exponentDigits = Math.Abs(exponent).ToString(json && exponent < 0 ? "0" : "00", CultureInfo.InvariantCulture);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exponentDigits;
        }

        if (pointPosition <= 0)
        {
            return sign + "0." + new string('0', -pointPosition) + digits;
        }

        return pointPosition >= digits.Length
            ? sign + digits + new string('0', pointPosition - digits.Length)
            : sign + digits[..pointPosition] + "." + digits[pointPosition..];
    }

    /// <summary>Splits a round-trip double string into its significant digits and decimal point position.</summary>
    private static (bool Negative, string Digits, int PointPosition) Decompose(string text)
    {
        var negative = text.StartsWith('-');
        if (negative)
        {
            text = text[1..];
        }

        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? string.Empty : text[(dot + 1)..];
        var all = integerPart + fraction;
        var point = integerPart.Length + exponent;
        var leading = all.Length - all.TrimStart('0').Length;
        return (negative, all.Trim('0') is { Length: > 0 } trimmed ? trimmed : "0", point - leading);
    }

    private static bool IsIntegerLiteral(string raw) =>
        raw.IndexOfAny(['.', 'e', 'E']) < 0;
}
