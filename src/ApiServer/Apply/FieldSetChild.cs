namespace Cluster.ApiServer.Apply;

/// <summary>One child of a <see cref="FieldSet"/> level: the element leading to it and the (non-empty) subset below.</summary>
public readonly record struct FieldSetChild(PathElement Element, FieldSet Set);
