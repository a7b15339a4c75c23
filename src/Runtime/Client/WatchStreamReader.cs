using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Cluster.Api;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Client.Errors;

namespace Cluster.Runtime.Client;

/// <summary>
/// Reads a JSON watch stream: one <c>{"type":...,"object":...}</c> event per line. An ERROR event is thrown as the
/// <see cref="ApiException"/> its Status describes (410 as <see cref="GoneException"/>); the stream's end ends the
/// sequence.
/// </summary>
internal static class WatchStreamReader
{
    public static async IAsyncEnumerable<WatchEvent<T>> ReadAsync<T>(Stream stream, ObjectCodec<T> codec, [EnumeratorCancellation] CancellationToken ct)
        where T : class, IKubernetesObject
    {
        var pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        try
        {
            while (true)
            {
                var result = await pipe.ReadAsync(ct);
                var buffer = result.Buffer;
                List<WatchEvent<T>>? batch = null;
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    var line = buffer.Slice(0, end);
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                    if (!IsBlank(line)) (batch ??= []).Add(Parse(line, codec));
                }
                if (result.IsCompleted && !IsBlank(buffer))
                {
                    (batch ??= []).Add(Parse(buffer, codec));
                    buffer = buffer.Slice(buffer.End);
                }
                pipe.AdvanceTo(buffer.Start, buffer.End);
                if (batch is not null)
                    foreach (var e in batch) yield return e;
                if (result.IsCompleted) yield break;
            }
        }
        finally
        {
            await pipe.CompleteAsync();
        }
    }

    internal static WatchEvent<T> Parse<T>(ReadOnlySequence<byte> line, ObjectCodec<T> codec) where T : class, IKubernetesObject
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("a watch event is not a JSON object");
        string? type = null;
        T? obj = null;
        Status? error = null;
        var objectStart = default(Utf8JsonReader);
        var objectSeen = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetString();
            }
            else if (reader.ValueTextEquals("object"u8))
            {
                reader.Read();
                objectSeen = true;
                if (type is not null && type != "ERROR")
                {
                    obj = codec.Read(ref reader); // the usual order: the type came first, so the object is read in one pass
                    continue;
                }
                objectStart = reader; // decoded once the type is known (ERROR carries a Status)
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (!objectSeen) throw new JsonException("a watch event has no object");
        if (type == "ERROR")
        {
            error = JsonSerializer.Deserialize(ref objectStart, Status.JsonTypeInfo) ?? new Status { Message = "watch error" };
            throw ApiException.From((HttpStatusCode)(error.Code ?? 500), error);
        }
        obj ??= codec.Read(ref objectStart);
        return new WatchEvent<T>(type switch
        {
            "ADDED" => WatchEventType.Added,
            "MODIFIED" => WatchEventType.Modified,
            "DELETED" => WatchEventType.Deleted,
            "BOOKMARK" => WatchEventType.Bookmark,
            _ => throw new JsonException($"unknown watch event type \"{type}\""),
        }, obj);
    }

    private static bool IsBlank(ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
            foreach (var b in segment.Span)
                if (b is not ((byte)' ' or (byte)'\r' or (byte)'\t' or (byte)'\n')) return false;
        return true;
    }
}
