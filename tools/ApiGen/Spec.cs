namespace Cluster.ApiGen;

/// <summary>The parts of swagger.json the generator reads: every definition by full name, and where each kind is served.</summary>
internal sealed record Spec(
    IReadOnlyDictionary<string, Definition> Definitions,
    IReadOnlyDictionary<GroupVersionKind, ResourceScope> Resources);
