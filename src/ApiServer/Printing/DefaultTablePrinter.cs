using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Printing;

/// <summary>
/// The printer for resources without a dedicated one (the API server's default table convertor): columns
/// Name and Created At (type date), cells the name and the creation timestamp in RFC 3339 UTC
/// (Go's zero time "0001-01-01T00:00:00Z" when the object has none).
/// </summary>
public sealed class DefaultTablePrinter : ITablePrinter
{
    private const string ZeroTime = "0001-01-01T00:00:00Z";

    private DefaultTablePrinter()
    {
    }

    public static DefaultTablePrinter Instance { get; } = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.NameColumn,
        new("Created At", "date", "", ColumnDescriptions.ObjectMetaCreationTimestamp, 0),
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var created = JsonRead.Time(obj, "metadata", "creationTimestamp");
        return PrinterCells.Row(PrinterCells.Name(obj), created is { } t ? PrinterCells.Rfc3339(t) : ZeroTime);
    }
}
