using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Config;

/// <summary>Keys, base64 values and sizes of Secret and ConfigMap data (v1.32).</summary>
internal static class DataValidation
{
    public const int MaxSize = 1024 * 1024;

    /// <summary>Validates the keys of a data map; returns the total byte size of its values.</summary>
    public static long ValidateKeys(JsonObject? data, FieldPath path, List<FieldError> errs)
    {
        long total = 0;
        foreach (var (key, value) in data ?? [])
        {
            foreach (var msg in Formats.ConfigMapKey(key))
            {
                errs.Add(FieldError.Invalid(path.Key(key), key, msg));
            }

            if (value is not null && Node.AsString(value) is null)
            {
                // A real server fails to decode such a body; reporting it here keeps non-strings out of storage.
                errs.Add(FieldError.TypeInvalid(path.Key(key), GoValue.Json(value), "must be of type string"));
            }

            total += System.Text.Encoding.UTF8.GetByteCount(Node.AsString(value) ?? string.Empty);
        }

        return total;
    }

    /// <summary>Decodes base64 values (Go's []byte JSON form), reporting bad ones; returns the decoded total size.</summary>
    public static long DecodedSize(JsonObject? data, FieldPath path, List<FieldError> errs, Dictionary<string, byte[]>? decoded = null)
    {
        long total = 0;
        foreach (var (key, value) in data ?? [])
        {
            if (value is not null && Node.AsString(value) is null)
            {
                continue;
            }

            var text = Node.AsString(value) ?? string.Empty;
            if (TryDecode(text, out var bytes, out var badIndex))
            {
                total += bytes.Length;
                decoded?.Add(key, bytes);
            }
            else
            {
                errs.Add(FieldError.Invalid(path.Key(key), "<secret contents redacted>", $"illegal base64 data at input byte {badIndex}"));
            }
        }

        return total;
    }

    /// <summary>Standard base64 with padding; CR and LF are ignored like Go's decoder does.</summary>
    public static bool TryDecode(string text, out byte[] bytes, out int badIndex)
    {
        var clean = text.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);
        badIndex = clean.IndexOfAny([' ', '\t']);
        if (badIndex < 0 && clean.Length % 4 == 0)
        {
            try
            {
                bytes = Convert.FromBase64String(clean);
                return true;
            }
            catch (FormatException)
            {
            }
        }

        bytes = [];
        badIndex = badIndex >= 0 ? badIndex : FirstBadIndex(clean);
        return false;
    }

    private static int FirstBadIndex(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
            {
                return i;
            }
        }

        return s.Length - (s.Length % 4 == 0 ? 1 : s.Length % 4);
    }
}
