namespace Cluster.ApiServer.Printing;

/// <summary>Column definitions that recur across printers, with the upstream names, types and descriptions.</summary>
internal static class StandardColumns
{
    public static TableColumn NameColumn { get; } =
        new("Name", "string", "name", ColumnDescriptions.ObjectMetaName, 0);

    public static TableColumn AgeColumn { get; } =
        new("Age", "string", "", ColumnDescriptions.ObjectMetaCreationTimestamp, 0);

    public static TableColumn ContainersColumn { get; } =
        new("Containers", "string", "", "Names of each container in the template.", 1);

    public static TableColumn ImagesColumn { get; } =
        new("Images", "string", "", "Images referenced by each container in the template.", 1);

    public static TableColumn Text(string name, string description, int priority = 0) =>
        new(name, "string", "", description, priority);

    public static TableColumn Integer(string name, string description, int priority = 0) =>
        new(name, "integer", "", description, priority);

    public static TableColumn Boolean(string name, string description, int priority = 0) =>
        new(name, "boolean", "", description, priority);
}
