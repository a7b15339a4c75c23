using System.Globalization;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Patching;

/// <summary>RFC 6901 JSON Pointer parsing and lookup over <see cref="JsonNode"/> trees.</summary>
internal static class JsonPointer
{
    /// <summary>Splits a pointer into unescaped reference tokens; "" is the whole document.</summary>
    public static string[] Parse(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw PatchException.Invalid($"invalid JSON pointer \"{pointer}\": must be empty or start with \"/\"");
        }

        var tokens = pointer[1..].Split('/');
        for (var i = 0; i < tokens.Length; i++)
        {
            // ~1 before ~0, so "~01" becomes "~1" and not "/".
            tokens[i] = tokens[i].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        }

        return tokens;
    }

    /// <summary>
    /// Follows all tokens but the last from <paramref name="root"/>; returns the container (object or array)
    /// holding the last token, or null when some step does not exist or is not a container.
    /// </summary>
    public static JsonNode? Parent(JsonNode? root, string[] tokens)
    {
        var current = root;
        for (var i = 0; i < tokens.Length - 1; i++)
        {
            if (!TryChild(current, tokens[i], out current) || current is not (JsonObject or JsonArray))
            {
                return null;
            }
        }

        return current is JsonObject or JsonArray ? current : null;
    }

    /// <summary>The member or element <paramref name="token"/> of a container; false when it does not exist.</summary>
    public static bool TryChild(JsonNode? container, string token, out JsonNode? child)
    {
        child = null;
        switch (container)
        {
            case JsonObject obj:
                return obj.TryGetPropertyValue(token, out child);
            case JsonArray array when TryIndex(token, out var index) && index < array.Count:
                child = array[index];
                return true;
            default:
                return false;
        }
    }

    /// <summary>Parses an array index token: decimal digits without a sign or leading zeros.</summary>
    public static bool TryIndex(string token, out int index)
    {
        index = -1;
        if (token.Length == 0 || (token.Length > 1 && token[0] == '0') || !token.All(char.IsAsciiDigit))
        {
            return false;
        }

        return int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }
}
