using System.Globalization;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Printing;

namespace Cluster.ApiServer.Handlers;

/// <summary>
/// Turns objects into <c>meta.k8s.io/v1 Table</c>s with the columns kubectl shows for each kind, when the
/// request's Accept header asks for <c>as=Table</c>.
/// </summary>
public sealed class TableRenderer(TimeProvider time)
{
    public JsonObject Single(ApiRequest req, JsonObject obj) =>
        TableBuilder.Build(Printer(req), [obj], time.GetUtcNow(), IncludeObject(req), true,
            obj["metadata"]?["resourceVersion"]?.GetValue<string>(), null, null);

    public JsonObject List(ApiRequest req, IEnumerable<JsonObject> objects, long revision, string? continueToken, long? remaining) =>
        TableBuilder.Build(Printer(req), objects, time.GetUtcNow(), IncludeObject(req), true,
            revision.ToString(CultureInfo.InvariantCulture), continueToken, remaining);

    public JsonObject WatchRow(ApiRequest req, JsonObject obj, bool includeColumns) =>
        TableBuilder.Build(Printer(req), [obj], time.GetUtcNow(), IncludeObject(req), includeColumns,
            obj["metadata"]?["resourceVersion"]?.GetValue<string>(), null, null);

    private static ITablePrinter Printer(ApiRequest req) => req.Resource.Printer ?? TablePrinters.For(req.Resource.Group, req.Resource.Plural);

    private static string IncludeObject(ApiRequest req) => req.Query("includeObject") switch
    {
        null or "" or "Metadata" => "Metadata",
        "Object" => "Object",
        "None" => "None",
        var v => throw ApiErrors.BadRequest($"includeObject: Unsupported value: \"{v}\": supported values: \"Metadata\", \"None\", \"Object\""),
    };
}
