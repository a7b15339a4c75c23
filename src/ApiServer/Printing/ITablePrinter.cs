using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Printing;

/// <summary>
/// Turns objects of one resource into Table rows. <see cref="Columns"/> is fixed for the printer, and
/// <see cref="Cells"/> returns exactly one cell per column (strings, integers, booleans or null) for one object,
/// computing ages relative to <c>now</c>. Like the real API server, every column (wide ones included) is
/// always filled; the client decides which ones to show. Implementations are stateless and thread-safe.
/// </summary>
public interface ITablePrinter
{
    IReadOnlyList<TableColumn> Columns { get; }

    JsonArray Cells(JsonObject obj, DateTimeOffset now);
}
