using System.Text.Json.Nodes;
using static Cluster.ApiServer.Printing.PrinterCells;
using static Cluster.ApiServer.Printing.StandardColumns;

namespace Cluster.ApiServer.Printing;

/// <summary>
/// Printers for core/v1 namespaces, nodes, configmaps, secrets, serviceaccounts, resourcequotas and podtemplates,
/// with upstream column sets (nodes: Status "Ready"/"NotReady"/"Unknown" plus ",SchedulingDisabled", Roles from
/// node-role.kubernetes.io/* and kubernetes.io/role labels, wide addresses and node info).
/// </summary>
internal static class CorePrinters
{
    private const string NodeRolePrefix = "node-role.kubernetes.io/";

    public static ITablePrinter Namespace { get; } = new FuncTablePrinter(
        [NameColumn, Text("Status", "The status of the namespace"), AgeColumn],
        (o, now) => Row(PrinterCells.Name(o), JsonRead.Text(o, "status", "phase"), PrinterCells.Age(o, now)));

    public static ITablePrinter Node { get; } = new FuncTablePrinter(
        [
            NameColumn,
            Text("Status", "The status of the node"),
            Text("Roles", "The roles of the node"),
            AgeColumn,
            Text("Version", ColumnDescriptions.NodeSystemInfoKubeletVersion),
            Text("Internal-IP", ColumnDescriptions.NodeStatusAddresses, 1),
            Text("External-IP", ColumnDescriptions.NodeStatusAddresses, 1),
            Text("OS-Image", ColumnDescriptions.NodeSystemInfoOSImage, 1),
            Text("Kernel-Version", ColumnDescriptions.NodeSystemInfoKernelVersion, 1),
            Text("Container-Runtime", ColumnDescriptions.NodeSystemInfoContainerRuntimeVersion, 1),
        ],
        NodeCells);

    public static ITablePrinter ConfigMap { get; } = new FuncTablePrinter(
        [NameColumn, Text("Data", ColumnDescriptions.ConfigMapData), AgeColumn],
        (o, now) => Row(PrinterCells.Name(o), (long)(JsonRead.Count(o, "data") + JsonRead.Count(o, "binaryData")),
            PrinterCells.Age(o, now)));

    public static ITablePrinter Secret { get; } = new FuncTablePrinter(
        [NameColumn, Text("Type", ColumnDescriptions.SecretType), Text("Data", ColumnDescriptions.SecretData), AgeColumn],
        (o, now) => Row(PrinterCells.Name(o), JsonRead.Text(o, "type"), (long)JsonRead.Count(o, "data"),
            PrinterCells.Age(o, now)));

    public static ITablePrinter ServiceAccount { get; } = new FuncTablePrinter(
        [NameColumn, Text("Secrets", ColumnDescriptions.ServiceAccountSecrets), AgeColumn],
        (o, now) => Row(PrinterCells.Name(o), (long)JsonRead.Count(o, "secrets"), PrinterCells.Age(o, now)));

    public static ITablePrinter ResourceQuota { get; } = new FuncTablePrinter(
        [
            NameColumn,
            Text("Request", "Request represents a minimum amount of cpu/memory that a container may consume."),
            Text("Limit",
                "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."),
            AgeColumn,
        ],
        ResourceQuotaCells);

    public static ITablePrinter PodTemplate { get; } = new FuncTablePrinter(
        [
            NameColumn,
            Text("Containers", "Names of each container in the template."),
            Text("Images", "Images referenced by each container in the template."),
            Text("Pod Labels", "The labels for the pod template."),
        ],
        (o, _) =>
        {
            var (names, images) = Containers(JsonRead.At(o, "template", "spec"));
            return Row(PrinterCells.Name(o), names, images, FormatLabels(JsonRead.At(o, "template", "metadata", "labels")));
        });

    private static JsonArray NodeCells(JsonObject node, DateTimeOffset now)
    {
        var status = new List<string>();
        var ready = JsonRead.Objects(node, "status", "conditions").LastOrDefault(c => JsonRead.Text(c, "type") == "Ready");
        if (ready is not null)
        {
            status.Add(JsonRead.Text(ready, "status") == "True" ? "Ready" : "NotReady");
        }
        else
        {
            status.Add("Unknown");
        }
        if (JsonRead.Bool(node, "spec", "unschedulable") == true)
        {
            status.Add("SchedulingDisabled");
        }

        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in JsonRead.Obj(node, "metadata", "labels") ?? [])
        {
            if (key.StartsWith(NodeRolePrefix, StringComparison.Ordinal) && key.Length > NodeRolePrefix.Length)
            {
                roles.Add(key[NodeRolePrefix.Length..]);
            }
            else if (key == "kubernetes.io/role" && JsonRead.Scalar(value) is { Length: > 0 } role)
            {
                roles.Add(role);
            }
        }

        var info = JsonRead.Obj(node, "status", "nodeInfo");
        return Row(
            PrinterCells.Name(node),
            string.Join(",", status),
            roles.Count == 0 ? "<none>" : string.Join(",", roles),
            PrinterCells.Age(node, now),
            JsonRead.Text(info, "kubeletVersion"),
            NodeAddress(node, "InternalIP"),
            NodeAddress(node, "ExternalIP"),
            OrUnknown(JsonRead.Text(info, "osImage")),
            OrUnknown(JsonRead.Text(info, "kernelVersion")),
            OrUnknown(JsonRead.Text(info, "containerRuntimeVersion")));
    }

    private static string NodeAddress(JsonObject node, string type) =>
        JsonRead.Objects(node, "status", "addresses").Where(a => JsonRead.Text(a, "type") == type)
            .Select(a => JsonRead.Text(a, "address")).FirstOrDefault() ?? "<none>";

    private static string OrUnknown(string value) => value.Length == 0 ? "<unknown>" : value;

    private static JsonArray ResourceQuotaCells(JsonObject quota, DateTimeOffset now)
    {
        var hard = JsonRead.Obj(quota, "status", "hard") ?? [];
        var used = JsonRead.Obj(quota, "status", "used");
        var requests = new List<string>();
        var limits = new List<string>();
        foreach (var resource in hard.Select(p => p.Key).Order(StringComparer.Ordinal))
        {
            var entry = resource + ": " + (JsonRead.Scalar(JsonRead.At(used, resource)) ?? "0") + "/"
                + (JsonRead.Scalar(hard[resource]) ?? "0");
            var pieces = resource.Split('.');
            (pieces.Length > 1 && pieces[0] == "limits" ? limits : requests).Add(entry);
        }
        return Row(PrinterCells.Name(quota), string.Join(", ", requests), string.Join(", ", limits),
            PrinterCells.Age(quota, now));
    }
}
