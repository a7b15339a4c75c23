using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Http;
using Cluster.ApiServer.Observability;
using Cluster.ApiServer.Storage;
using Cluster.ApiServer.WatchCache;

namespace Cluster.ApiServer.Handlers;

/// <summary>
/// The body of one watch response: newline-delimited <c>{"type":...,"object":...}</c> events, whose objects are Table
/// rows when <paramref name="tables"/> is set, or PartialObjectMetadata when <paramref name="metadataOnly"/>.
/// </summary>
public sealed class WatchStream(ApiRequest req, TableRenderer? tables, bool metadataOnly)
{
    private readonly WatchTelemetry? _measured = req.Http.Features.Get<WatchTelemetry>();
    private bool _columnsSent;

    public async Task BeginAsync()
    {
        var response = req.Http.Response;
        response.StatusCode = 200;
        response.ContentType = MediaTypes.Json;
        response.Headers.CacheControl = "no-cache, private";
        await response.StartAsync(req.Aborted);
        await response.BodyWriter.FlushAsync(req.Aborted);
    }

    public ValueTask EventAsync(string type, CachedObject obj)
    {
        var output = req.Http.Response.BodyWriter;
        output.Write(type switch
        {
            "ADDED" => "{\"type\":\"ADDED\",\"object\":"u8,
            "MODIFIED" => "{\"type\":\"MODIFIED\",\"object\":"u8,
            "DELETED" => "{\"type\":\"DELETED\",\"object\":"u8,
            _ => Encoding.ASCII.GetBytes($"{{\"type\":\"{type}\",\"object\":"),
        });
        if (metadataOnly)
        {
            PartialMetadata.Write(output, obj.Json);
        }
        else if (tables is null)
        {
            output.Write(obj.Json);
        }
        else
        {
            var table = tables.WatchRow(req, RequestBody.ParseJsonObject(obj.Json), includeColumns: !_columnsSent);
            _columnsSent = true;
            ObjectCodec.Write(output, table);
        }
        output.Write("}\n"u8);
        _measured?.EventSent();
        return ValueTask.CompletedTask;
    }

    public ValueTask BookmarkAsync(long revision, bool initialEventsEnd)
    {
        var r = req.Resource;
        var meta = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) };
        if (initialEventsEnd) meta["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        var bookmark = new JsonObject
        {
            ["type"] = "BOOKMARK",
            ["object"] = metadataOnly
                ? new JsonObject { ["kind"] = "PartialObjectMetadata", ["apiVersion"] = PartialMetadata.ApiVersion, ["metadata"] = meta }
                : new JsonObject { ["kind"] = r.Kind, ["apiVersion"] = r.ApiVersion, ["metadata"] = meta },
        };
        var output = req.Http.Response.BodyWriter;
        ObjectCodec.Write(output, bookmark);
        output.Write("\n"u8);
        return ValueTask.CompletedTask;
    }

    public async Task ErrorAsync(ApiException error)
    {
        var output = req.Http.Response.BodyWriter;
        ObjectCodec.Write(output, new JsonObject { ["type"] = "ERROR", ["object"] = StatusJson.Failure(error) });
        output.Write("\n"u8);
        await FlushAsync();
    }

    public async Task FlushAsync()
    {
        _measured?.Flush();
        await req.Http.Response.BodyWriter.FlushAsync(req.Aborted);
    }
}
