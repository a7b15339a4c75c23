namespace Cluster.ApiServer.Decoding;

/// <summary>What checking an object against its schema found: fields the schema does not know, and values of the wrong type.</summary>
public sealed record SchemaCheckResult(IReadOnlyList<string> UnknownFields, IReadOnlyList<string> TypeErrors);
