namespace Cluster.ApiGen;

/// <summary>One swagger definition: its full name (e.g. io.k8s.api.core.v1.Pod), schema and kinds.</summary>
internal sealed record Definition(
    string FullName,
    string Package,
    string Name,
    string Description,
    string? Type,
    string? Format,
    IReadOnlyList<PropertySpec> Properties,
    IReadOnlyList<GroupVersionKind> Kinds)
{
    public bool HasProperties => Properties.Count > 0;
}
