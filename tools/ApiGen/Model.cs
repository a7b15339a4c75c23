namespace Cluster.ApiGen;

/// <summary>
/// A record to generate. <see cref="PrimaryKind"/> is the group-version-kind its static Info describes (the core
/// v1 one when a meta type is registered under many groups); <see cref="Scope"/> is null when the kind is not
/// served as a resource of its own.
/// </summary>
internal sealed record Model(
    Definition Definition,
    string Namespace,
    CsType Type,
    IReadOnlyList<ModelProperty> Properties,
    GroupVersionKind? PrimaryKind,
    ResourceScope? Scope)
{
    public ModelProperty? Find(string jsonName) => Properties.FirstOrDefault(p => p.Spec.JsonName == jsonName);
}
