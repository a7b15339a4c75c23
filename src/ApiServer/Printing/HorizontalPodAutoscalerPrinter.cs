using System.Globalization;
using System.Text.Json.Nodes;
using static Cluster.ApiServer.Printing.PrinterCells;
using static Cluster.ApiServer.Printing.StandardColumns;

namespace Cluster.ApiServer.Printing;

/// <summary>
/// The horizontalpodautoscalers printer: Reference "Kind/name", Targets such as "cpu: 40%/80%, memory: &lt;unknown&gt;/1Gi
/// + 1 more..." (at most two metrics listed), MinPods, MaxPods, Replicas, Age. Reads autoscaling/v2 objects and
/// also the autoscaling/v1 targetCPUUtilizationPercentage form.
/// </summary>
internal static class HorizontalPodAutoscalerPrinter
{
    private const int MaxListed = 2;

    public static ITablePrinter Instance { get; } = new FuncTablePrinter(
        [
            NameColumn,
            Text("Reference", ColumnDescriptions.HorizontalPodAutoscalerSpecScaleTargetRef),
            Text("Targets", ColumnDescriptions.HorizontalPodAutoscalerSpecMetrics),
            Text("MinPods", ColumnDescriptions.HorizontalPodAutoscalerSpecMinReplicas),
            Text("MaxPods", ColumnDescriptions.HorizontalPodAutoscalerSpecMaxReplicas),
            Text("Replicas", ColumnDescriptions.HorizontalPodAutoscalerStatusCurrentReplicas),
            AgeColumn,
        ],
        (o, now) => Row(
            PrinterCells.Name(o),
            JsonRead.Text(o, "spec", "scaleTargetRef", "kind") + "/" + JsonRead.Text(o, "spec", "scaleTargetRef", "name"),
            Targets(o),
            JsonRead.Long(o, "spec", "minReplicas") is { } min ? Str(min) : "<unset>",
            JsonRead.Long(o, "spec", "maxReplicas") ?? 0,
            JsonRead.Long(o, "status", "currentReplicas") ?? 0,
            PrinterCells.Age(o, now)));

    private static string Targets(JsonObject hpa)
    {
        var specs = JsonRead.Objects(hpa, "spec", "metrics").ToList();
        var statuses = JsonRead.Arr(hpa, "status", "currentMetrics");
        if (specs.Count == 0 && JsonRead.Long(hpa, "spec", "targetCPUUtilizationPercentage") is { } cpuTarget)
        {
            var current = JsonRead.Long(hpa, "status", "currentCPUUtilizationPercentage") is { } c ? Str(c) + "%" : "<unknown>";
            return "cpu: " + current + "/" + Str(cpuTarget) + "%";
        }
        if (specs.Count == 0)
        {
            return "<none>";
        }

        var list = new List<string>();
        for (var i = 0; i < specs.Count; i++)
        {
            var status = statuses is not null && i < statuses.Count ? statuses[i] : null;
            list.Add(FormatMetric(specs[i], status));
        }
        var joined = string.Join(", ", list.Take(MaxListed));
        return list.Count > MaxListed ? joined + " + " + Str(list.Count - MaxListed) + " more..." : joined;
    }

    private static string FormatMetric(JsonObject spec, JsonNode? status)
    {
        switch (JsonRead.Text(spec, "type"))
        {
            case "External":
                return ValueOrAverage(JsonRead.Obj(spec, "external", "target"), JsonRead.Obj(status, "external"));
            case "Object":
                return ValueOrAverage(JsonRead.Obj(spec, "object", "target"), JsonRead.Obj(status, "object"));
            case "Pods":
            {
                var current = JsonRead.Obj(status, "pods") is { } s
                    ? Quantity(JsonRead.At(s, "current", "averageValue"))
                    : "<unknown>";
                return current + "/" + Quantity(JsonRead.At(spec, "pods", "target", "averageValue"));
            }
            case "Resource":
                return Utilization(JsonRead.Obj(spec, "resource"), JsonRead.Obj(status, "resource"));
            case "ContainerResource":
                return Utilization(JsonRead.Obj(spec, "containerResource"), JsonRead.Obj(status, "containerResource"));
            default:
                return "<unknown type>";
        }
    }

    private static string ValueOrAverage(JsonObject? target, JsonObject? status)
    {
        if (JsonRead.At(target, "averageValue") is JsonValue averageTarget)
        {
            var current = JsonRead.At(status, "current", "averageValue") is JsonValue v ? Quantity(v) : "<unknown>";
            return current + "/" + Quantity(averageTarget) + " (avg)";
        }
        var currentValue = status is not null ? Quantity(JsonRead.At(status, "current", "value")) : "<unknown>";
        return currentValue + "/" + Quantity(JsonRead.At(target, "value"));
    }

    private static string Utilization(JsonObject? spec, JsonObject? status)
    {
        var name = JsonRead.Text(spec, "name");
        if (JsonRead.At(spec, "target", "averageValue") is JsonValue averageTarget)
        {
            var current = status is not null ? Quantity(JsonRead.At(status, "current", "averageValue")) : "<unknown>";
            return name + ": " + current + "/" + Quantity(averageTarget);
        }
        var currentPercent = JsonRead.Long(status, "current", "averageUtilization") is { } c ? Str(c) + "%" : "<unknown>";
        var targetPercent = JsonRead.Long(spec, "target", "averageUtilization") is { } t ? Str(t) + "%" : "<auto>";
        return name + ": " + currentPercent + "/" + targetPercent;
    }

    // An absent quantity pointer prints as Go's nil Quantity does.
    private static string Quantity(JsonNode? node) => JsonRead.Scalar(node) ?? "<nil>";

    private static string Str(long value) => value.ToString(CultureInfo.InvariantCulture);
}
