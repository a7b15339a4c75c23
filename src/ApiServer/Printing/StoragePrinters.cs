using static Cluster.ApiServer.Printing.PrinterCells;
using static Cluster.ApiServer.Printing.StandardColumns;

namespace Cluster.ApiServer.Printing;

/// <summary>
/// Printers for persistentvolumeclaims, persistentvolumes and storageclasses. Access modes print as "RWO,ROX,RWX,RWOP"
/// in that fixed order; a deleting claim or volume shows "Terminating"; the default storage class is suffixed
/// " (default)".
/// </summary>
internal static class StoragePrinters
{
    private const string BetaStorageClassAnnotation = "volume.beta.kubernetes.io/storage-class";

    public static ITablePrinter PersistentVolumeClaim { get; } = new FuncTablePrinter(
        [
            NameColumn,
            Text("Status", ColumnDescriptions.PersistentVolumeClaimStatusPhase),
            Text("Volume", ColumnDescriptions.PersistentVolumeClaimSpecVolumeName),
            Text("Capacity", ColumnDescriptions.PersistentVolumeClaimStatusCapacity),
            Text("Access Modes", ColumnDescriptions.PersistentVolumeClaimStatusAccessModes),
            Text("StorageClass", "StorageClass of the pvc"),
            Text("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
            AgeColumn,
            Text("VolumeMode", ColumnDescriptions.PersistentVolumeClaimSpecVolumeMode, 1),
        ],
        (o, now) =>
        {
            var volumeName = JsonRead.Text(o, "spec", "volumeName");
            var bound = volumeName.Length > 0;
            return Row(
                PrinterCells.Name(o),
                IsDeleting(o) ? "Terminating" : JsonRead.Text(o, "status", "phase"),
                volumeName,
                bound ? JsonRead.Scalar(JsonRead.At(o, "status", "capacity", "storage")) ?? "0" : "",
                bound ? AccessModes(JsonRead.Strings(o, "status", "accessModes")) : "",
                JsonRead.Str(o, "metadata", "annotations", BetaStorageClassAnnotation)
                    ?? JsonRead.Text(o, "spec", "storageClassName"),
                JsonRead.Str(o, "spec", "volumeAttributesClassName") ?? "<unset>",
                PrinterCells.Age(o, now),
                JsonRead.Str(o, "spec", "volumeMode") ?? "<unset>");
        });

    public static ITablePrinter PersistentVolume { get; } = new FuncTablePrinter(
        [
            NameColumn,
            Text("Capacity", ColumnDescriptions.PersistentVolumeSpecCapacity),
            Text("Access Modes", ColumnDescriptions.PersistentVolumeSpecAccessModes),
            Text("Reclaim Policy", ColumnDescriptions.PersistentVolumeSpecReclaimPolicy),
            Text("Status", ColumnDescriptions.PersistentVolumeStatusPhase),
            Text("Claim", ColumnDescriptions.PersistentVolumeSpecClaimRef),
            Text("StorageClass", "StorageClass of the pv"),
            Text("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
            Text("Reason", ColumnDescriptions.PersistentVolumeStatusReason),
            AgeColumn,
            Text("VolumeMode", ColumnDescriptions.PersistentVolumeSpecVolumeMode, 1),
        ],
        (o, now) =>
        {
            var claim = JsonRead.Obj(o, "spec", "claimRef") is { } c
                ? JsonRead.Text(c, "namespace") + "/" + JsonRead.Text(c, "name")
                : "";
            return Row(
                PrinterCells.Name(o),
                JsonRead.Scalar(JsonRead.At(o, "spec", "capacity", "storage")) ?? "0",
                AccessModes(JsonRead.Strings(o, "spec", "accessModes")),
                JsonRead.Text(o, "spec", "persistentVolumeReclaimPolicy"),
                IsDeleting(o) ? "Terminating" : JsonRead.Text(o, "status", "phase"),
                claim,
                JsonRead.Str(o, "metadata", "annotations", BetaStorageClassAnnotation)
                    ?? JsonRead.Text(o, "spec", "storageClassName"),
                JsonRead.Str(o, "spec", "volumeAttributesClassName") ?? "<unset>",
                JsonRead.Text(o, "status", "reason"),
                PrinterCells.Age(o, now),
                JsonRead.Str(o, "spec", "volumeMode") ?? "<unset>");
        });

    public static ITablePrinter StorageClass { get; } = new FuncTablePrinter(
        [
            NameColumn,
            Text("Provisioner", ColumnDescriptions.StorageClassProvisioner),
            Text("ReclaimPolicy", ColumnDescriptions.StorageClassReclaimPolicy),
            Text("VolumeBindingMode", ColumnDescriptions.StorageClassVolumeBindingMode),
            Text("AllowVolumeExpansion", ColumnDescriptions.StorageClassAllowVolumeExpansion),
            AgeColumn,
        ],
        (o, now) =>
        {
            var isDefault = JsonRead.Str(o, "metadata", "annotations", "storageclass.kubernetes.io/is-default-class") == "true"
                || JsonRead.Str(o, "metadata", "annotations", "storageclass.beta.kubernetes.io/is-default-class") == "true";
            return Row(
                PrinterCells.Name(o) + (isDefault ? " (default)" : ""),
                JsonRead.Text(o, "provisioner"),
                JsonRead.Str(o, "reclaimPolicy") ?? "Delete",
                JsonRead.Str(o, "volumeBindingMode") ?? "Immediate",
                JsonRead.Bool(o, "allowVolumeExpansion") ?? false,
                PrinterCells.Age(o, now));
        });

    private static string AccessModes(IEnumerable<string> modes)
    {
        var set = modes.ToHashSet(StringComparer.Ordinal);
        var shortNames = new List<string>();
        foreach (var (mode, shortName) in (ReadOnlySpan<(string, string)>)
                 [("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP")])
        {
            if (set.Contains(mode))
            {
                shortNames.Add(shortName);
            }
        }
        return string.Join(",", shortNames);
    }
}
