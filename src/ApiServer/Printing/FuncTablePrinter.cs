using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Printing;

/// <summary>A printer made of a fixed column list and a pure cell function.</summary>
internal sealed class FuncTablePrinter(IReadOnlyList<TableColumn> columns, Func<JsonObject, DateTimeOffset, JsonArray> cells)
    : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } = columns;

    public JsonArray Cells(JsonObject obj, DateTimeOffset now) => cells(obj, now);
}
