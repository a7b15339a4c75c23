using System.Globalization;
using System.Text.Json.Nodes;
using static Cluster.ApiServer.Printing.PrinterCells;
using static Cluster.ApiServer.Printing.StandardColumns;

namespace Cluster.ApiServer.Printing;

/// <summary>
/// Printers for deployments, replicasets, statefulsets, daemonsets, replicationcontrollers and controllerrevisions.
/// Ready columns of deployments and statefulsets read "ready/desired"; an unset spec.replicas counts as 1, the
/// API default. Wide columns list template containers, images and the selector.
/// </summary>
internal static class WorkloadPrinters
{
    public static ITablePrinter Deployment { get; } = new FuncTablePrinter(
        [
            NameColumn,
            Text("Ready", "Number of the pod with ready state"),
            Text("Up-to-date", ColumnDescriptions.DeploymentStatusUpdatedReplicas),
            Text("Available", ColumnDescriptions.DeploymentStatusAvailableReplicas),
            AgeColumn,
            ContainersColumn,
            ImagesColumn,
            Text("Selector", ColumnDescriptions.DeploymentSpecSelector, 1),
        ],
        (o, now) =>
        {
            var (names, images) = PrinterCells.Containers(JsonRead.At(o, "spec", "template", "spec"));
            return Row(
                PrinterCells.Name(o),
                Ratio(JsonRead.Long(o, "status", "readyReplicas") ?? 0, DesiredReplicas(o)),
                JsonRead.Long(o, "status", "updatedReplicas") ?? 0,
                JsonRead.Long(o, "status", "availableReplicas") ?? 0,
                PrinterCells.Age(o, now),
                names,
                images,
                SelectorString(JsonRead.At(o, "spec", "selector")) ?? "<invalid>");
        });

    public static ITablePrinter ReplicaSet { get; } = new FuncTablePrinter(
        [
            NameColumn,
            Integer("Desired", ColumnDescriptions.ReplicaSetSpecReplicas),
            Integer("Current", ColumnDescriptions.ReplicaSetStatusReplicas),
            Integer("Ready", ColumnDescriptions.ReplicaSetStatusReadyReplicas),
            AgeColumn,
            ContainersColumn,
            ImagesColumn,
            Text("Selector", ColumnDescriptions.ReplicaSetSpecSelector, 1),
        ],
        (o, now) =>
        {
            var (names, images) = PrinterCells.Containers(JsonRead.At(o, "spec", "template", "spec"));
            return Row(
                PrinterCells.Name(o),
                DesiredReplicas(o),
                JsonRead.Long(o, "status", "replicas") ?? 0,
                JsonRead.Long(o, "status", "readyReplicas") ?? 0,
                PrinterCells.Age(o, now),
                names,
                images,
                FormatLabelSelector(JsonRead.At(o, "spec", "selector")));
        });

    public static ITablePrinter StatefulSet { get; } = new FuncTablePrinter(
        [NameColumn, Text("Ready", "Number of the pod with ready state"), AgeColumn, ContainersColumn, ImagesColumn],
        (o, now) =>
        {
            var (names, images) = PrinterCells.Containers(JsonRead.At(o, "spec", "template", "spec"));
            return Row(
                PrinterCells.Name(o),
                Ratio(JsonRead.Long(o, "status", "readyReplicas") ?? 0, DesiredReplicas(o)),
                PrinterCells.Age(o, now),
                names,
                images);
        });

    public static ITablePrinter DaemonSet { get; } = new FuncTablePrinter(
        [
            NameColumn,
            Integer("Desired", ColumnDescriptions.DaemonSetStatusDesiredNumberScheduled),
            Integer("Current", ColumnDescriptions.DaemonSetStatusCurrentNumberScheduled),
            Integer("Ready", ColumnDescriptions.DaemonSetStatusNumberReady),
            Integer("Up-to-date", ColumnDescriptions.DaemonSetStatusUpdatedNumberScheduled),
            Integer("Available", ColumnDescriptions.DaemonSetStatusNumberAvailable),
            Text("Node Selector", ColumnDescriptions.PodSpecNodeSelector),
            AgeColumn,
            ContainersColumn,
            ImagesColumn,
            Text("Selector", ColumnDescriptions.DaemonSetSpecSelector, 1),
        ],
        (o, now) =>
        {
            var podSpec = JsonRead.At(o, "spec", "template", "spec");
            var (names, images) = PrinterCells.Containers(podSpec);
            return Row(
                PrinterCells.Name(o),
                JsonRead.Long(o, "status", "desiredNumberScheduled") ?? 0,
                JsonRead.Long(o, "status", "currentNumberScheduled") ?? 0,
                JsonRead.Long(o, "status", "numberReady") ?? 0,
                JsonRead.Long(o, "status", "updatedNumberScheduled") ?? 0,
                JsonRead.Long(o, "status", "numberAvailable") ?? 0,
                FormatLabels(JsonRead.At(podSpec, "nodeSelector")),
                PrinterCells.Age(o, now),
                names,
                images,
                FormatLabelSelector(JsonRead.At(o, "spec", "selector")));
        });

    public static ITablePrinter ReplicationController { get; } = new FuncTablePrinter(
        [
            NameColumn,
            Integer("Desired", ColumnDescriptions.ReplicationControllerSpecReplicas),
            Integer("Current", ColumnDescriptions.ReplicationControllerStatusReplicas),
            Integer("Ready", ColumnDescriptions.ReplicationControllerStatusReadyReplicas),
            AgeColumn,
            ContainersColumn,
            ImagesColumn,
            Text("Selector", ColumnDescriptions.ReplicationControllerSpecSelector, 1),
        ],
        (o, now) =>
        {
            var (names, images) = PrinterCells.Containers(JsonRead.At(o, "spec", "template", "spec"));
            return Row(
                PrinterCells.Name(o),
                DesiredReplicas(o),
                JsonRead.Long(o, "status", "replicas") ?? 0,
                JsonRead.Long(o, "status", "readyReplicas") ?? 0,
                PrinterCells.Age(o, now),
                names,
                images,
                FormatLabels(JsonRead.At(o, "spec", "selector")));
        });

    public static ITablePrinter ControllerRevision { get; } = new FuncTablePrinter(
        [
            NameColumn,
            Text("Controller", "Controller of the object"),
            Text("Revision", ColumnDescriptions.ControllerRevisionRevision),
            AgeColumn,
        ],
        (o, now) => Row(PrinterCells.Name(o), ControllerName(o), JsonRead.Long(o, "revision") ?? 0,
            PrinterCells.Age(o, now)));

    /// <summary>"kind.group/name" (lower-case kind.group) of the controlling owner, or "&lt;none&gt;".</summary>
    private static string ControllerName(JsonObject obj)
    {
        var owner = JsonRead.Objects(obj, "metadata", "ownerReferences")
            .FirstOrDefault(r => JsonRead.Bool(r, "controller") == true);
        if (owner is null)
        {
            return "<none>";
        }
        var apiVersion = JsonRead.Text(owner, "apiVersion");
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash >= 0 ? apiVersion[..slash] : "";
        var kind = JsonRead.Text(owner, "kind");
        var name = JsonRead.Text(owner, "name");
        if (kind.Length == 0 && group.Length == 0)
        {
            return name;
        }
        var groupKind = group.Length == 0 ? kind : kind + "." + group;
        return groupKind.ToLowerInvariant() + "/" + name;
    }

    private static long DesiredReplicas(JsonObject obj) => JsonRead.Long(obj, "spec", "replicas") ?? 1;

    private static string Ratio(long ready, long desired) =>
        ready.ToString(CultureInfo.InvariantCulture) + "/" + desired.ToString(CultureInfo.InvariantCulture);
}
