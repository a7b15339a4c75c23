namespace Cluster.ApiServer.Registry;

/// <summary>A field selector label's source: a dotted JSON path, and the value when the field is absent (Go's zero value).</summary>
public sealed record SelectableField(string Path, string Default = "");
