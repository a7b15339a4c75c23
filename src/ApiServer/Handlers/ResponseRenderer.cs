using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Http;
using Cluster.ApiServer.Storage;
using Cluster.ApiServer.WatchCache;

namespace Cluster.ApiServer.Handlers;

/// <summary>
/// Writes objects, lists and watch streams in the form the client asked for: JSON, or a <c>Table</c> when the
/// Accept header asks <c>as=Table</c> (what <c>kubectl get</c> prints).
/// </summary>
public sealed class ResponseRenderer(TableRenderer tables)
{
    private const int FlushBytes = 64 * 1024;

    /// <summary>True when the client asked for a Table rather than the object.</summary>
    public bool WantsTable(ApiRequest req) => tables.Wants(req);

    public Task ObjectAsync(ApiRequest req, int code, JsonObject obj) =>
        tables.Wants(req) ? Responses.WriteJsonAsync(req.Http, code, tables.Single(req, obj)) : Responses.WriteJsonAsync(req.Http, code, obj);

    /// <summary>
    /// <see cref="ObjectAsync"/> for an object just written: its stored JSON with the resource version spliced in
    /// (no second serialization), or the Table built from <paramref name="obj"/> when one is asked for.
    /// </summary>
    public Task StoredObjectAsync(ApiRequest req, int code, JsonObject obj, byte[] storedJson, long resourceVersion) =>
        tables.Wants(req) ? ObjectAsync(req, code, obj) : StoredObjectAsync(req, code, storedJson, resourceVersion);

    /// <summary>Stored JSON of a resource stored as served, sent with its resource version spliced in (never as a Table).</summary>
    public Task StoredObjectAsync(ApiRequest req, int code, ReadOnlySpan<byte> storedJson, long resourceVersion)
    {
        var buffer = ScratchBuffer.Take();
        ResourceVersionSplicer.Stamp(storedJson, resourceVersion, buffer);
        return Responses.WriteBytesAsync(req.Http, code, buffer.WrittenMemory);
    }

    public Task StatusAsync(ApiRequest req, int code, JsonObject status) => Responses.WriteJsonAsync(req.Http, code, status);

    /// <summary>Writes a list of cached objects (their JSON is copied as is).</summary>
    public async Task ListAsync(ApiRequest req, IEnumerable<CachedObject> items, long revision, string? continueToken, long? remaining)
    {
        if (tables.Wants(req))
        {
            var objects = items.Select(o => RequestBody.ParseJsonObject(o.Json));
            await Responses.WriteJsonAsync(req.Http, 200, tables.List(req, objects, revision, continueToken, remaining));
            return;
        }
        var http = req.Http;
        http.Response.StatusCode = 200;
        http.Response.ContentType = MediaTypes.Json;
        var output = http.Response.BodyWriter;
        var r = req.Resource;
        var head = new StringBuilder(128)
            .Append("{\"kind\":\"").Append(r.ListKind).Append("\",\"apiVersion\":\"").Append(r.ApiVersion)
            .Append("\",\"metadata\":{\"resourceVersion\":\"").Append(revision.ToString(CultureInfo.InvariantCulture)).Append('"');
        if (continueToken is not null) head.Append(",\"continue\":\"").Append(continueToken).Append('"');
        if (remaining is { } left) head.Append(",\"remainingItemCount\":").Append(left.ToString(CultureInfo.InvariantCulture));
        head.Append("},\"items\":[");
        Write(output, head.ToString());
        var first = true;
        var pending = 0;
        foreach (var item in items)
        {
            if (!first) output.Write(","u8);
            first = false;
            output.Write(item.Json);
            pending += item.Json.Length;
            if (pending >= FlushBytes)
            {
                pending = 0;
                await output.FlushAsync(req.Aborted);
            }
        }
        output.Write("]}"u8); // the server flushes it with the terminating chunk
    }

    public WatchStream StartWatch(ApiRequest req) => new(req, tables.Wants(req) ? tables : null);

    private static void Write(System.IO.Pipelines.PipeWriter output, string text) => output.Write(Encoding.UTF8.GetBytes(text));
}
