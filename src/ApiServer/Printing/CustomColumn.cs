namespace Cluster.ApiServer.Printing;

/// <summary>
/// One CustomResourceDefinition additionalPrinterColumn: its table column fields plus the JSONPath (relative to the
/// object root, e.g. ".spec.replicas") whose first match fills the cell.
/// </summary>
public sealed record CustomColumn(string Name, string Type, string Format, string Description, int Priority, string JsonPath);
