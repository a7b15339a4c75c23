using System.Text.Json.Nodes;
using static Cluster.ApiServer.Printing.PrinterCells;
using static Cluster.ApiServer.Printing.StandardColumns;

namespace Cluster.ApiServer.Printing;

/// <summary>
/// Printers for poddisruptionbudgets, priorityclasses, leases, rolebindings and clusterrolebindings, admission
/// webhook configurations and runtimeclasses. Bindings show the role as "Kind/name" and, wide, their users,
/// groups and "namespace/name" service accounts joined by ", ".
/// </summary>
internal static class ClusterPrinters
{
    public static ITablePrinter PodDisruptionBudget { get; } = new FuncTablePrinter(
        [
            NameColumn,
            Text("Min Available", "The minimum number of pods that must be available."),
            Text("Max Unavailable", "The maximum number of pods that may be unavailable."),
            Integer("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time."),
            AgeColumn,
        ],
        (o, now) => Row(
            PrinterCells.Name(o),
            JsonRead.Scalar(JsonRead.At(o, "spec", "minAvailable")) ?? "N/A",
            JsonRead.Scalar(JsonRead.At(o, "spec", "maxUnavailable")) ?? "N/A",
            JsonRead.Long(o, "status", "disruptionsAllowed") ?? 0,
            PrinterCells.Age(o, now)));

    public static ITablePrinter PriorityClass { get; } = new FuncTablePrinter(
        [
            NameColumn,
            Integer("Value", ColumnDescriptions.PriorityClassValue),
            Boolean("Global-Default", ColumnDescriptions.PriorityClassGlobalDefault),
            AgeColumn,
            Text("PreemptionPolicy", ColumnDescriptions.PriorityClassPreemptionPolicy),
        ],
        (o, now) => Row(
            PrinterCells.Name(o),
            JsonRead.Long(o, "value") ?? 0,
            JsonRead.Bool(o, "globalDefault") ?? false,
            PrinterCells.Age(o, now),
            JsonRead.Text(o, "preemptionPolicy")));

    public static ITablePrinter Lease { get; } = new FuncTablePrinter(
        [NameColumn, Text("Holder", ColumnDescriptions.LeaseSpecHolderIdentity), AgeColumn],
        (o, now) => Row(PrinterCells.Name(o), JsonRead.Text(o, "spec", "holderIdentity"), PrinterCells.Age(o, now)));

    public static ITablePrinter RoleBinding { get; } = Binding(ColumnDescriptions.RoleBindingRoleRef, "roleBinding");

    public static ITablePrinter ClusterRoleBinding { get; } =
        Binding(ColumnDescriptions.ClusterRoleBindingRoleRef, "clusterRoleBinding");

    public static ITablePrinter WebhookConfiguration { get; } = new FuncTablePrinter(
        [NameColumn, Integer("Webhooks", "Webhooks indicates the number of webhooks registered in this configuration"), AgeColumn],
        (o, now) => Row(PrinterCells.Name(o), (long)JsonRead.Count(o, "webhooks"), PrinterCells.Age(o, now)));

    // Upstream looks the Handler description up on ObjectMeta, where it does not exist, so it is empty.
    public static ITablePrinter RuntimeClass { get; } = new FuncTablePrinter(
        [NameColumn, Text("Handler", ""), AgeColumn],
        (o, now) => Row(PrinterCells.Name(o), JsonRead.Text(o, "handler"), PrinterCells.Age(o, now)));

    private static FuncTablePrinter Binding(string roleDescription, string noun) => new(
        [
            NameColumn,
            Text("Role", roleDescription),
            AgeColumn,
            Text("Users", "Users in the " + noun, 1),
            Text("Groups", "Groups in the " + noun, 1),
            Text("ServiceAccounts", "ServiceAccounts in the " + noun, 1),
        ],
        (o, now) =>
        {
            var subjects = JsonRead.Objects(o, "subjects").ToList();
            string Subjects(string kind, Func<JsonObject, string> format) =>
                string.Join(", ", subjects.Where(s => JsonRead.Text(s, "kind") == kind).Select(format));
            return Row(
                PrinterCells.Name(o),
                JsonRead.Text(o, "roleRef", "kind") + "/" + JsonRead.Text(o, "roleRef", "name"),
                PrinterCells.Age(o, now),
                Subjects("User", s => JsonRead.Text(s, "name")),
                Subjects("Group", s => JsonRead.Text(s, "name")),
                Subjects("ServiceAccount", s => JsonRead.Text(s, "namespace") + "/" + JsonRead.Text(s, "name")));
        });
}
