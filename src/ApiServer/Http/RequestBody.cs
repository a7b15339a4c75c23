using System.Buffers;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Microsoft.AspNetCore.Http;

namespace Cluster.ApiServer.Http;

/// <summary>Reads request bodies: bounded in size (413 beyond the limit), decoded by Content-Type (415 for unknown types).</summary>
public sealed class RequestBody(long maxBytes, IBodyDecoder? protobuf = null)
{
    public long MaxBytes => maxBytes;

    /// <summary>The raw body bytes; 413 if larger than the limit.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadBytesAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes) throw ApiErrors.RequestEntityTooLarge(maxBytes);
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, maxBytes) + 1);
        while (true)
        {
            var memory = buffer.GetMemory(8192);
            int read;
            try
            {
                read = await request.Body.ReadAsync(memory, ct);
            }
            catch (Microsoft.AspNetCore.Connections.ConnectionResetException)
            {
                throw ApiErrors.BadRequest("the request body was cut off");
            }
            catch (BadHttpRequestException e)
            {
                throw ApiErrors.BadRequest($"the request body could not be read: {e.Message}");
            }
            if (read == 0) break;
            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes) throw ApiErrors.RequestEntityTooLarge(maxBytes);
        }
        return buffer.WrittenMemory;
    }

    /// <summary>A body holding one object, as JSON (also when no Content-Type is given), YAML or Kubernetes protobuf.</summary>
    public async ValueTask<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken ct) => (await ReadBodyObjectAsync(request, ct)).Value;

    /// <summary>Like <see cref="ReadObjectAsync"/>, with the keys the JSON gave more than once.</summary>
    public async ValueTask<BodyObject> ReadBodyObjectAsync(HttpRequest request, CancellationToken ct)
    {
        var type = MediaTypes.BaseOf(request.ContentType);
        if (type is not ("" or MediaTypes.Json or MediaTypes.Yaml or "text/yaml" or MediaTypes.Protobuf) && !type.EndsWith("+json", StringComparison.Ordinal))
            throw ApiErrors.UnsupportedMediaType(type, MediaTypes.BodyTypes);
        var bytes = await ReadBytesAsync(request, ct);
        if (type == MediaTypes.Protobuf)
        {
            if (protobuf is null) throw ApiErrors.UnsupportedMediaType(type, [MediaTypes.Json, MediaTypes.Yaml]);
            return new BodyObject(protobuf.Decode(bytes.Span), []);
        }
        if (type is MediaTypes.Yaml or "text/yaml") return new BodyObject(YamlBody.ParseObject(bytes.Span), []);
        var obj = ParseJsonObject(bytes.Span, out var duplicates);
        return new BodyObject(obj, duplicates);
    }

    /// <summary>Parses a JSON object; 400 with the parser's complaint for anything else. Duplicate keys keep the last value.</summary>
    public static JsonObject ParseJsonObject(ReadOnlySpan<byte> bytes) => ParseJsonObject(bytes, out _);

    public static JsonObject ParseJsonObject(ReadOnlySpan<byte> bytes, out IReadOnlyList<string> duplicates) =>
        JsonBody.Parse(bytes, out duplicates) as JsonObject ?? throw ApiErrors.BadRequest("the request body must be a JSON object");

    public static JsonNode ParseJson(ReadOnlySpan<byte> bytes) => JsonBody.Parse(bytes, out _);
}

/// <summary>Decodes a non-JSON request body into the object's JSON form.</summary>
public interface IBodyDecoder
{
    JsonObject Decode(ReadOnlySpan<byte> body);
}
