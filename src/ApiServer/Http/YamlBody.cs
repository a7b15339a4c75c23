using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Cluster.ApiServer.Http;

/// <summary>
/// Reads a YAML request body into JSON, typing plain scalars as Kubernetes' YAML decoder does (null, booleans,
/// integers, floats; quoted scalars stay strings). Alias expansion and nesting are bounded.
/// </summary>
public static class YamlBody
{
    private const int MaxNodes = 1_000_000;
    private const int MaxDepth = 256;

    public static JsonObject ParseObject(ReadOnlySpan<byte> bytes)
    {
        var node = Parse(bytes);
        return node as JsonObject ?? throw ApiErrors.BadRequest("the request body must be a YAML mapping (an object)");
    }

    public static JsonNode? Parse(ReadOnlySpan<byte> bytes)
    {
        var documents = ParseAll(bytes);
        if (documents.Count == 0) throw ApiErrors.BadRequest("the request body is empty");
        if (documents.Count > 1) throw ApiErrors.BadRequest("the request body holds more than one YAML document");
        return documents[0];
    }

    /// <summary>Every document of a YAML stream (a manifest file with <c>---</c> separators), empty ones left out.</summary>
    public static IReadOnlyList<JsonNode?> ParseAll(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) throw ApiErrors.BadRequest("the request body is empty");
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw ApiErrors.BadRequest("yaml: invalid UTF-8 in the request body");
        }
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw ApiErrors.BadRequest($"error converting YAML to JSON: {e.Message}");
        }
        var budget = MaxNodes;
        var documents = new List<JsonNode?>();
        foreach (var document in stream.Documents)
        {
            var node = Convert(document.RootNode, 0, ref budget);
            if (node is not null) documents.Add(node);
        }
        return documents;
    }

    private static JsonNode? Convert(YamlNode node, int depth, ref int budget)
    {
        if (--budget < 0) throw ApiErrors.BadRequest("the YAML document expands to too many nodes");
        if (depth > MaxDepth) throw ApiErrors.BadRequest("the YAML document is nested too deeply");
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (k, v) in map.Children)
                {
                    var key = k is YamlScalarNode ks ? ks.Value ?? "" : throw ApiErrors.BadRequest("YAML mapping keys must be scalars");
                    obj[key] = Convert(v, depth + 1, ref budget);
                }
                return obj;
            case YamlSequenceNode seq:
                var array = new JsonArray();
                foreach (var item in seq.Children) array.Add(Convert(item, depth + 1, ref budget));
                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw ApiErrors.BadRequest("unsupported YAML node");
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain) return JsonValue.Create(value);
        if (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == "tag:yaml.org,2002:str") return JsonValue.Create(value);
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "y" or "Y":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" or "n" or "N":
                return JsonValue.Create(false);
        }
        if (value.Length is > 1 and <= 21 && value[0] == '0' && value.All(c => c is >= '0' and <= '7'))
            return JsonValue.Create(System.Convert.ToInt64(value, 8)); // YAML 1.1 octal, as Kubernetes reads file modes (0644)
        if (IsInteger(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            return JsonValue.Create(l);
        if (value.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(value.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex))
            return JsonValue.Create(hex);
        if (IsFloat(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
            return JsonValue.Create(d);
        return JsonValue.Create(value);
    }

    private static bool IsInteger(string s)
    {
        var i = s.Length > 0 && s[0] is '-' or '+' ? 1 : 0;
        if (i >= s.Length) return false;
        for (; i < s.Length; i++)
        {
            if (!char.IsAsciiDigit(s[i])) return false;
        }
        return true;
    }

    private static bool IsFloat(string s)
    {
        var i = s.Length > 0 && s[0] is '-' or '+' ? 1 : 0;
        var digits = false;
        var dot = false;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiDigit(c)) digits = true;
            else if (c == '.' && !dot) dot = true;
            else if (c is 'e' or 'E' && digits) return i + 1 < s.Length && (IsInteger(s[(i + 1)..]));
            else return false;
        }
        return digits && dot;
    }
}
