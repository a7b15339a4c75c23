using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Storage;
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
    public async ValueTask<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken ct)
    {
        var type = MediaTypes.BaseOf(request.ContentType);
        if (type is not ("" or MediaTypes.Json or MediaTypes.Yaml or "text/yaml" or MediaTypes.Protobuf) && !type.EndsWith("+json", StringComparison.Ordinal))
            throw ApiErrors.UnsupportedMediaType(type, MediaTypes.BodyTypes);
        var bytes = await ReadBytesAsync(request, ct);
        if (type == MediaTypes.Protobuf)
        {
            if (protobuf is null) throw ApiErrors.UnsupportedMediaType(type, [MediaTypes.Json, MediaTypes.Yaml]);
            return protobuf.Decode(bytes.Span);
        }
        if (type is MediaTypes.Yaml or "text/yaml") return YamlBody.ParseObject(bytes.Span);
        return ParseJsonObject(bytes.Span);
    }

    /// <summary>Parses a JSON object; 400 with the parser's complaint for anything else.</summary>
    public static JsonObject ParseJsonObject(ReadOnlySpan<byte> bytes)
    {
        var node = ParseJson(bytes);
        return node as JsonObject ?? throw ApiErrors.BadRequest("the request body must be a JSON object");
    }

    public static JsonNode ParseJson(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) throw ApiErrors.BadRequest("the request body is empty");
        try
        {
            var node = JsonNode.Parse(bytes, documentOptions: ObjectCodec.DocumentOptions);
            if (node is null) throw ApiErrors.BadRequest("the request body is null");
            CheckDuplicates(node);
            return node;
        }
        catch (JsonException e)
        {
            throw ApiErrors.BadRequest($"json parse error: {e.Message}");
        }
        catch (ArgumentException e)
        {
            // Invalid UTF-8 surfaces from the reader as an ArgumentException in some paths.
            throw ApiErrors.BadRequest($"json parse error: {e.Message}");
        }
    }

    /// <summary>Forces every object to materialize, so duplicate keys fail here (as a 400), not later.</summary>
    private static void CheckDuplicates(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, v) in o)
                {
                    if (v is not null) CheckDuplicates(v);
                }
                break;
            case JsonArray a:
                foreach (var v in a)
                {
                    if (v is not null) CheckDuplicates(v);
                }
                break;
        }
    }
}

/// <summary>Decodes a non-JSON request body into the object's JSON form.</summary>
public interface IBodyDecoder
{
    JsonObject Decode(ReadOnlySpan<byte> body);
}
