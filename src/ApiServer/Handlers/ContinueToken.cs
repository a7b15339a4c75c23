using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Cluster.ApiServer.Errors;

namespace Cluster.ApiServer.Handlers;

/// <summary>The opaque <c>continue</c> token of a paged list: the snapshot revision and the key to start after.</summary>
public sealed record ContinueToken(long Revision, string StartKey)
{
    public string Encode()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("v", "meta.k8s.io/v1");
            writer.WriteNumber("rv", Revision);
            writer.WriteString("start", StartKey);
            writer.WriteEndObject();
        }
        return Base64Url.EncodeToString(buffer.WrittenSpan);
    }

    public static ContinueToken Decode(string token)
    {
        try
        {
            var bytes = Base64Url.DecodeFromChars(token);
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            if (root.GetProperty("v").GetString() != "meta.k8s.io/v1") throw new FormatException("unknown version");
            var rv = root.GetProperty("rv").GetInt64();
            var start = root.GetProperty("start").GetString() ?? "";
            if (rv <= 0 || start.Length == 0 || start.Contains("..", StringComparison.Ordinal)) throw new FormatException("bad fields");
            return new ContinueToken(rv, start);
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw ApiErrors.BadRequest("continue key is not valid: " + e.Message);
        }
    }

    public byte[] StartKeyBytes(byte[] prefix) => [.. prefix, .. Encoding.UTF8.GetBytes(StartKey)];
}
