namespace Cluster.ApiGen;

/// <summary>A property of a generated record: its schema, C# name and mapped type.</summary>
internal sealed record ModelProperty(PropertySpec Spec, string Name, CsType Type);
