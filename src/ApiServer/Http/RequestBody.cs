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
        var (buffer, length) = await ReadIntoAsync(request, null, ct);
        return buffer.AsMemory(0, length);
    }

    /// <summary>
    /// Reads the whole body into <paramref name="pool"/>'s arrays (the caller returns the one it gets), or into
    /// fresh arrays when no pool is given. A body with a Content-Length is read into one array of that size.
    /// </summary>
    private async ValueTask<(byte[] Buffer, int Length)> ReadIntoAsync(HttpRequest request, ArrayPool<byte>? pool, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes) throw ApiErrors.RequestEntityTooLarge(maxBytes);
        // One byte beyond the announced length, so a body longer than announced is seen.
        var buffer = Allocate(pool, (int)(request.ContentLength ?? 4096) + 1);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = Allocate(pool, (int)Math.Min((long)buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    pool?.Return(buffer);
                    buffer = larger;
                }

                var read = await ReadChunkAsync(request, buffer.AsMemory(length), ct);
                if (read == 0) return (buffer, length);
                length += read;
                if (length > maxBytes) throw ApiErrors.RequestEntityTooLarge(maxBytes);
            }
        }
        catch
        {
            pool?.Return(buffer);
            throw;
        }
    }

    private static byte[] Allocate(ArrayPool<byte>? pool, int size) => pool?.Rent(size) ?? new byte[size];

    private static async ValueTask<int> ReadChunkAsync(HttpRequest request, Memory<byte> into, CancellationToken ct)
    {
        try
        {
            return await request.Body.ReadAsync(into, ct);
        }
        catch (Microsoft.AspNetCore.Connections.ConnectionResetException)
        {
            throw ApiErrors.BadRequest("the request body was cut off");
        }
        catch (BadHttpRequestException e)
        {
            throw ApiErrors.BadRequest($"the request body could not be read: {e.Message}");
        }
    }

    /// <summary>A body holding one object, as JSON (also when no Content-Type is given), YAML or Kubernetes protobuf.</summary>
    public async ValueTask<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken ct) => (await ReadBodyObjectAsync(request, ct)).Value;

    /// <summary>Like <see cref="ReadObjectAsync"/>, with the keys the JSON gave more than once.</summary>
    public async ValueTask<BodyObject> ReadBodyObjectAsync(HttpRequest request, CancellationToken ct)
    {
        var type = MediaTypes.BaseOf(request.ContentType);
        if (type is not ("" or MediaTypes.Json or MediaTypes.Yaml or "text/yaml" or MediaTypes.Protobuf) && !type.EndsWith("+json", StringComparison.Ordinal))
            throw ApiErrors.UnsupportedMediaType(type, MediaTypes.BodyTypes);
        if (type == MediaTypes.Protobuf && protobuf is null) throw ApiErrors.UnsupportedMediaType(type, [MediaTypes.Json, MediaTypes.Yaml]);
        var (buffer, length) = await ReadIntoAsync(request, ArrayPool<byte>.Shared, ct);
        try
        {
            return Decode(type, buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The decoded object; nothing in it refers to <paramref name="bytes"/>.</summary>
    private BodyObject Decode(string type, ReadOnlySpan<byte> bytes)
    {
        if (type == MediaTypes.Protobuf) return new BodyObject(protobuf!.Decode(bytes), []);
        if (type is MediaTypes.Yaml or "text/yaml") return new BodyObject(YamlBody.ParseObject(bytes), []);
        var obj = ParseJsonObject(bytes, out var duplicates);
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
