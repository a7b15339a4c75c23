using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Cluster.Api.Tests.Models;

/// <summary>
/// Converts YAML documents to JSON nodes the way kubectl does (sigs.k8s.io/yaml on its go-yaml v2 fork):
/// quoted, literal and folded scalars are strings; a plain scalar is null ("", ~, null), a bool (true/false and
/// the YAML 1.1 forms yes/no/on/off/y/n in their three casings), an integer (decimal, 0x, 0o, 0b or a leading-0
/// octal, underscores ignored), a float (decimal with fraction or exponent), and otherwise a string — so a date
/// stays a string. Explicit tags (!!str, !!int, !!float, !!bool, !!null) win. Map keys are always strings.
/// Aliases resolve to their anchored node; merge keys (&lt;&lt;) are not supported.
/// </summary>
public static partial class YamlToJson
{
    private static readonly HashSet<string> Nulls = ["", "~", "null", "Null", "NULL"];
    private static readonly HashSet<string> Trues = ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"];
    private static readonly HashSet<string> Falses = ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"];

    /// <summary>Every non-empty document of a YAML stream, in order.</summary>
    public static IReadOnlyList<JsonNode?> ConvertAll(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents
            .Where(d => !(d.RootNode is YamlScalarNode { Value: null or "" } empty && empty.Tag.IsEmpty))
            .Select(d => Convert(d.RootNode))
            .ToList();
    }

    public static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => ConvertMapping(map),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw new NotSupportedException($"unsupported YAML node {node.NodeType} at {node.Start}"),
    };

    private static JsonObject ConvertMapping(YamlMappingNode map)
    {
        var result = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            if (key is not YamlScalarNode scalarKey)
            {
                throw new NotSupportedException($"non-scalar map key at {key.Start}");
            }
            if (scalarKey.Style == ScalarStyle.Plain && scalarKey.Value == "<<")
            {
                throw new NotSupportedException($"merge keys are not supported (at {key.Start})");
            }
            var name = ConvertScalar(scalarKey) switch
            {
                null => "null",
                JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                _ => scalarKey.Value!,
            };
            result.Add(name, Convert(value));
        }
        return result;
    }

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific)
        {
            return scalar.Tag.Value switch
            {
                "tag:yaml.org,2002:str" => JsonValue.Create(text),
                "tag:yaml.org,2002:null" => null,
                "tag:yaml.org,2002:bool" => Trues.Contains(text) ? JsonValue.Create(true)
                    : Falses.Contains(text) ? JsonValue.Create(false) : throw new FormatException($"!!bool {text}"),
                "tag:yaml.org,2002:int" => TryInteger(text) ?? throw new FormatException($"!!int {text}"),
                "tag:yaml.org,2002:float" => TryInteger(text) ?? TryFloat(text) ?? throw new FormatException($"!!float {text}"),
                _ => throw new NotSupportedException($"unsupported tag {scalar.Tag} at {scalar.Start}"),
            };
        }
        if (scalar.Style != ScalarStyle.Plain || scalar.Tag.IsNonSpecific)
        {
            return JsonValue.Create(text);
        }
        if (Nulls.Contains(text))
        {
            return null;
        }
        if (Trues.Contains(text))
        {
            return JsonValue.Create(true);
        }
        if (Falses.Contains(text))
        {
            return JsonValue.Create(false);
        }
        if (text.Length > 0 && "+-.0123456789".Contains(text[0], StringComparison.Ordinal))
        {
            if ((TryInteger(text) ?? TryFloat(text)) is { } number)
            {
                return number;
            }
            if (text is ".inf" or ".Inf" or ".INF" or "+.inf" or "-.inf" or ".nan" or ".NaN" or ".NAN")
            {
                throw new NotSupportedException($"{text} has no JSON form (at {scalar.Start})");
            }
        }
        return JsonValue.Create(text);
    }

    private static JsonValue? TryInteger(string text)
    {
        var plain = text.Replace("_", "", StringComparison.Ordinal);
        var negative = plain.StartsWith('-');
        var digits = plain.TrimStart('+', '-');
        if (plain.Length - digits.Length > 1 || digits.Length == 0)
        {
            return null;
        }
        var (radix, body) = digits switch
        {
            _ when digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase) => (16, digits[2..]),
            _ when digits.StartsWith("0o", StringComparison.OrdinalIgnoreCase) => (8, digits[2..]),
            _ when digits.StartsWith("0b", StringComparison.OrdinalIgnoreCase) => (2, digits[2..]),
            _ when digits.Length > 1 && digits[0] == '0' => (8, digits[1..]),
            _ => (10, digits),
        };
        if (body.Length == 0 || !body.All(c => Uri.IsHexDigit(c) && Uri.FromHex(c) < radix))
        {
            return null;
        }
        try
        {
            var magnitude = radix == 10
                ? decimal.Parse(body, NumberStyles.None, CultureInfo.InvariantCulture)
                : System.Convert.ToUInt64(body, radix);
            var value = negative ? -magnitude : magnitude;
            return value is >= long.MinValue and <= long.MaxValue ? JsonValue.Create((long)value) : JsonValue.Create(value);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static JsonValue? TryFloat(string text)
    {
        var plain = text.Replace("_", "", StringComparison.Ordinal);
        return FloatPattern().IsMatch(plain)
            ? JsonValue.Create(double.Parse(plain, NumberStyles.Float, CultureInfo.InvariantCulture))
            : null;
    }

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
