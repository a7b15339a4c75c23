using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Printing;

/// <summary>
/// A printer for custom resources built from their CRD's additionalPrinterColumns, like the apiextensions table
/// convertor: a Name column first, then one column per definition. A cell is the first JSONPath match converted
/// to the column type (integer, number, boolean, string; date keeps the timestamp, "&lt;invalid&gt;" when it does
/// not parse), or null when nothing matches or the value has another type. String columns print any scalar as
/// text and objects/arrays as compact JSON. The constructor throws <see cref="FormatException"/> for a JSONPath
/// outside the supported subset (see <see cref="SimpleJsonPath"/>).
/// </summary>
public sealed class CustomColumnsPrinter : ITablePrinter
{
    private readonly List<(CustomColumn Column, SimpleJsonPath Path)> _columns;

    public CustomColumnsPrinter(IEnumerable<CustomColumn> columns)
    {
        _columns = columns.Select(c => (c, SimpleJsonPath.Parse(c.JsonPath))).ToList();
        Columns = [StandardColumns.NameColumn, .. _columns.Select(c =>
            new TableColumn(c.Column.Name, c.Column.Type, c.Column.Format, c.Column.Description, c.Column.Priority))];
    }

    public IReadOnlyList<TableColumn> Columns { get; }

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var cells = new JsonArray(JsonValue.Create(PrinterCells.Name(obj)));
        foreach (var (column, path) in _columns)
        {
            cells.Add(path.TryFirst(obj, out var value) ? Cell(column.Type, value) : null);
        }
        return cells;
    }

    private static JsonNode? Cell(string type, JsonNode? value)
    {
        var kind = value?.GetValueKind() ?? JsonValueKind.Null;
        switch (type)
        {
            case "integer" when kind == JsonValueKind.Number:
                return JsonValue.Create(JsonRead.Long(value));
            case "number" when kind == JsonValueKind.Number:
                return JsonValue.Create(JsonRead.Double(value));
            case "boolean" when kind is JsonValueKind.True or JsonValueKind.False:
                return JsonValue.Create(kind == JsonValueKind.True);
            case "string" when kind != JsonValueKind.Null:
                return JsonValue.Create(kind is JsonValueKind.Object or JsonValueKind.Array
                    ? value!.ToJsonString()
                    : JsonRead.Scalar(value));
            case "date" when kind == JsonValueKind.String:
                var text = value!.GetValue<string>();
                if (text.Length == 0)
                {
                    return null;
                }
                return JsonRead.TryParseTime(text, out var t)
                    ? JsonValue.Create(PrinterCells.Rfc3339(t))
                    : JsonValue.Create("<invalid>");
            default:
                return null;
        }
    }
}
