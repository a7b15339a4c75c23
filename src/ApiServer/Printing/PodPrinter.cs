using System.Globalization;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Printing;

/// <summary>
/// The pods printer: Name, Ready ("1/2"), Status (see <see cref="PodStatusSummary"/>), Restarts ("2 (5m ago)"),
/// Age, and wide IP, Node, Nominated Node and Readiness Gates ("1/2" of gate conditions that are True).
/// </summary>
internal sealed class PodPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.NameColumn,
        StandardColumns.Text("Ready", "The aggregate readiness state of this pod for accepting traffic."),
        StandardColumns.Text("Status", "The aggregate status of the containers in this pod."),
        StandardColumns.Text("Restarts",
            "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        StandardColumns.AgeColumn,
        StandardColumns.Text("IP", ColumnDescriptions.PodStatusPodIP, 1),
        StandardColumns.Text("Node", ColumnDescriptions.PodSpecNodeName, 1),
        StandardColumns.Text("Nominated Node", ColumnDescriptions.PodStatusNominatedNodeName, 1),
        StandardColumns.Text("Readiness Gates", ColumnDescriptions.PodSpecReadinessGates, 1),
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var summary = PodStatusSummary.Of(obj);
        var restarts = Str(summary.Restarts);
        if (summary.Restarts != 0 && summary.LastRestart is { } last)
        {
            restarts += " (" + PrinterCells.Since(last, now) + " ago)";
        }

        var podIP = JsonRead.Objects(obj, "status", "podIPs").Select(p => JsonRead.Text(p, "ip")).FirstOrDefault()
            ?? JsonRead.Text(obj, "status", "podIP");
        return PrinterCells.Row(
            PrinterCells.Name(obj),
            Str(summary.Ready) + "/" + Str(summary.Total),
            summary.Reason,
            restarts,
            PrinterCells.Age(obj, now),
            OrNone(podIP),
            OrNone(JsonRead.Text(obj, "spec", "nodeName")),
            OrNone(JsonRead.Text(obj, "status", "nominatedNodeName")),
            ReadinessGates(obj));
    }

    private static string ReadinessGates(JsonObject pod)
    {
        var gates = JsonRead.Objects(pod, "spec", "readinessGates").ToList();
        if (gates.Count == 0)
        {
            return "<none>";
        }
        var conditions = JsonRead.Objects(pod, "status", "conditions").ToList();
        var satisfied = gates.Count(gate =>
        {
            var type = JsonRead.Text(gate, "conditionType");
            var condition = conditions.FirstOrDefault(c => JsonRead.Text(c, "type") == type);
            return condition is not null && JsonRead.Text(condition, "status") == "True";
        });
        return Str(satisfied) + "/" + Str(gates.Count);
    }

    private static string OrNone(string value) => value.Length == 0 ? "<none>" : value;

    private static string Str(long value) => value.ToString(CultureInfo.InvariantCulture);
}
