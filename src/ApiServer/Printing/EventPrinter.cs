using System.Text.Json.Nodes;
using static Cluster.ApiServer.Printing.StandardColumns;

namespace Cluster.ApiServer.Printing;

/// <summary>
/// The events printer (Last Seen, Type, Reason, Object as "kind/name" with a lower-case kind, Message; wide
/// Subobject, Source, First Seen, Count, Name). The same columns serve core/v1 and events.k8s.io/v1 events: for
/// the latter the printer reads regarding, note, deprecatedFirstTimestamp and so on, the fields the API server
/// converts to their core names before printing.
/// </summary>
internal sealed class EventPrinter : ITablePrinter
{
    private readonly Fields _f;

    private EventPrinter(Fields fields) => _f = fields;

    public static EventPrinter Core { get; } = new(new Fields(
        "firstTimestamp", "lastTimestamp", "count", "source", "involvedObject", "message", "reportingComponent"));

    public static EventPrinter EventsApi { get; } = new(new Fields(
        "deprecatedFirstTimestamp", "deprecatedLastTimestamp", "deprecatedCount", "deprecatedSource", "regarding", "note",
        "reportingController"));

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        Text("Last Seen", ColumnDescriptions.EventLastTimestamp),
        Text("Type", ColumnDescriptions.EventType),
        Text("Reason", ColumnDescriptions.EventReason),
        Text("Object", ColumnDescriptions.EventInvolvedObject),
        Text("Subobject", ColumnDescriptions.ObjectReferenceFieldPath, 1),
        Text("Source", ColumnDescriptions.EventSource, 1),
        Text("Message", ColumnDescriptions.EventMessage),
        Text("First Seen", ColumnDescriptions.EventFirstTimestamp, 1),
        Text("Count", ColumnDescriptions.EventCount, 1),
        new("Name", "string", "name", ColumnDescriptions.ObjectMetaName, 1),
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var firstTime = JsonRead.Time(obj, _f.FirstTimestamp);
        var firstSeen = PrinterCells.Since(firstTime ?? JsonRead.Time(obj, "eventTime"), now);
        var lastTime = JsonRead.Time(obj, _f.LastTimestamp);
        var lastSeen = lastTime is null ? firstSeen : PrinterCells.Since(lastTime, now);

        var count = JsonRead.Long(obj, _f.Count) ?? 0;
        if (JsonRead.Obj(obj, "series") is { } series)
        {
            lastSeen = PrinterCells.Since(JsonRead.Time(series, "lastObservedTime"), now);
            count = JsonRead.Long(series, "count") ?? 0;
        }
        else if (count == 0)
        {
            // Singleton events of the new API carry no count.
            count = 1;
        }

        var involved = JsonRead.Obj(obj, _f.InvolvedObject);
        var kind = JsonRead.Text(involved, "kind").ToLowerInvariant();
        var name = JsonRead.Text(involved, "name");
        var component = FirstNonEmpty(JsonRead.Text(obj, _f.Source, "component"), JsonRead.Text(obj, _f.ReportingController));
        var instance = FirstNonEmpty(JsonRead.Text(obj, _f.Source, "host"), JsonRead.Text(obj, "reportingInstance"));

        return PrinterCells.Row(
            lastSeen,
            JsonRead.Text(obj, "type"),
            JsonRead.Text(obj, "reason"),
            name.Length > 0 ? kind + "/" + name : kind,
            JsonRead.Text(involved, "fieldPath"),
            instance.Length == 0 ? component : component + ", " + instance,
            JsonRead.Text(obj, _f.Message).Trim(),
            firstSeen,
            count,
            PrinterCells.Name(obj));
    }

    private static string FirstNonEmpty(string first, string second) => first.Length > 0 ? first : second;

    private sealed record Fields(
        string FirstTimestamp,
        string LastTimestamp,
        string Count,
        string Source,
        string InvolvedObject,
        string Message,
        string ReportingController);
}
