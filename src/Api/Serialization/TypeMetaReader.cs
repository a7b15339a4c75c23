using System.Text.Json;

namespace Cluster.Api.Serialization;

/// <summary>
/// Reads the top-level "apiVersion" and "kind" of a JSON object without decoding the rest (nested values are
/// skipped, so a "kind" inside spec is not mistaken for the object's). Malformed JSON is a <see cref="JsonException"/>.
/// </summary>
public static class TypeMetaReader
{
    /// <summary>Returns the object's apiVersion and kind; each is null when absent or not a string.</summary>
    public static (string? ApiVersion, string? Kind) Read(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("expected a JSON object");
        }
        string? apiVersion = null;
        string? kind = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isApiVersion = reader.ValueTextEquals("apiVersion"u8);
            var isKind = !isApiVersion && reader.ValueTextEquals("kind"u8);
            reader.Read();
            if (reader.TokenType == JsonTokenType.String && (isApiVersion || isKind))
            {
                if (isApiVersion)
                {
                    apiVersion = reader.GetString();
                }
                else
                {
                    kind = reader.GetString();
                }
            }
            else
            {
                reader.Skip();
            }
            if (apiVersion is not null && kind is not null)
            {
                break;
            }
        }
        return (apiVersion, kind);
    }
}
