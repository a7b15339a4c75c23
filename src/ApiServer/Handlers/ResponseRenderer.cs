using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Http;
using Cluster.ApiServer.Storage;
using Cluster.ApiServer.WatchCache;

namespace Cluster.ApiServer.Handlers;

/// <summary>
/// Writes objects, lists and watch streams in the form the client asked for: JSON, a <c>Table</c> when the Accept
/// header asks <c>as=Table</c> (what <c>kubectl get</c> prints), or the metadata alone when it asks
/// <c>as=PartialObjectMetadata</c> (objects, watch events) or <c>as=PartialObjectMetadataList</c> (lists).
/// </summary>
public sealed class ResponseRenderer(TableRenderer tables)
{
    private const int FlushBytes = 64 * 1024;

    public Task ObjectAsync(ApiRequest req, int code, JsonObject obj) => req.ResponseForm switch
    {
        ResponseForm.Table => Responses.WriteJsonAsync(req.Http, code, tables.Single(req, obj)),
        ResponseForm.Metadata => MetadataAsync(req, code, obj),
        ResponseForm.MetadataList => throw NotAcceptable(req),
        _ => Responses.WriteJsonAsync(req.Http, code, obj),
    };

    /// <summary>
    /// <see cref="ObjectAsync"/> for an object just written: its stored JSON with the resource version spliced in
    /// (no second serialization), or the Table built from <paramref name="obj"/> when one is asked for.
    /// </summary>
    public Task StoredObjectAsync(ApiRequest req, int code, JsonObject obj, byte[] storedJson, long resourceVersion) =>
        req.ResponseForm is ResponseForm.Object or ResponseForm.Metadata ? StoredObjectAsync(req, code, storedJson, resourceVersion) : ObjectAsync(req, code, obj);

    /// <summary>The object an update left: its stored bytes with the resource version spliced in when they are its JSON as served.</summary>
    public Task UpdatedAsync(ApiRequest req, int code, UpdateResult result) =>
        result.ServedJson is { } stored ? StoredObjectAsync(req, code, result.Object, stored, result.Revision) : ObjectAsync(req, code, result.Object);

    /// <summary>Stored JSON of a resource stored as served, sent with its resource version spliced in, or its metadata alone when asked.</summary>
    public Task StoredObjectAsync(ApiRequest req, int code, ReadOnlySpan<byte> storedJson, long resourceVersion)
    {
        var form = req.ResponseForm;
        if (form is ResponseForm.Table or ResponseForm.MetadataList) throw NotAcceptable(req);
        var buffer = ScratchBuffer.Take();
        ResourceVersionSplicer.Stamp(storedJson, resourceVersion, buffer);
        if (form == ResponseForm.Object) return Responses.WriteBytesAsync(req.Http, code, buffer.WrittenMemory);
        return Responses.WriteBytesAsync(req.Http, code, PartialMetadata.ToArray(buffer.WrittenSpan));
    }

    public Task StatusAsync(ApiRequest req, int code, JsonObject status) => Responses.WriteJsonAsync(req.Http, code, status);

    /// <summary>Writes a list of cached objects (their JSON is copied as is).</summary>
    public async Task ListAsync(ApiRequest req, IEnumerable<CachedObject> items, long revision, string? continueToken, long? remaining)
    {
        var form = req.ResponseForm;
        if (form == ResponseForm.Table)
        {
            var objects = items.Select(o => RequestBody.ParseJsonObject(o.Json));
            await Responses.WriteJsonAsync(req.Http, 200, tables.List(req, objects, revision, continueToken, remaining));
            return;
        }
        if (form == ResponseForm.Metadata) throw NotAcceptable(req);
        var metadataOnly = form == ResponseForm.MetadataList;
        var http = req.Http;
        http.Response.StatusCode = 200;
        http.Response.ContentType = MediaTypes.Json;
        var output = http.Response.BodyWriter;
        var r = req.Resource;
        var head = new StringBuilder(128)
            .Append("{\"kind\":\"").Append(metadataOnly ? "PartialObjectMetadataList" : r.ListKind)
            .Append("\",\"apiVersion\":\"").Append(metadataOnly ? PartialMetadata.ApiVersion : r.ApiVersion)
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
            if (metadataOnly) PartialMetadata.Write(output, item.Json);
            else output.Write(item.Json);
            pending += item.Json.Length;
            if (pending >= FlushBytes)
            {
                pending = 0;
                await output.FlushAsync(req.Aborted);
            }
        }
        output.Write("]}"u8); // the server flushes it with the terminating chunk
    }

    public WatchStream StartWatch(ApiRequest req) => req.ResponseForm switch
    {
        ResponseForm.Table => new(req, tables, metadataOnly: false),
        ResponseForm.Metadata => new(req, null, metadataOnly: true),
        ResponseForm.MetadataList => throw NotAcceptable(req),
        _ => new(req, null, metadataOnly: false),
    };

    private static Task MetadataAsync(ApiRequest req, int code, JsonObject obj)
    {
        var buffer = ScratchBuffer.Take();
        PartialMetadata.Write(buffer, obj);
        return Responses.WriteBytesAsync(req.Http, code, buffer.WrittenMemory);
    }

    private static Errors.ApiException NotAcceptable(ApiRequest req) => Errors.ApiErrors.NotAcceptable(req.Http.Request.Headers.Accept.ToString());

    private static void Write(System.IO.Pipelines.PipeWriter output, string text) => output.Write(Encoding.UTF8.GetBytes(text));
}
