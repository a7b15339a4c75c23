using System.Collections.Frozen;

namespace Cluster.ApiServer.Registry;

/// <summary>
/// Every served resource, looked up by URL parts or by kind. Built once at start-up; immutable and thread-safe
/// (custom resources will swap in a new instance).
/// </summary>
public sealed class ResourceRegistry
{
    private readonly FrozenDictionary<(string Group, string Version, string Plural), ResourceDefinition> _byPath;
    private readonly FrozenDictionary<(string Group, string Version, string Kind), ResourceDefinition> _byKind;

    public ResourceRegistry(IEnumerable<ResourceDefinition> resources)
    {
        All = [.. resources];
        _byPath = All.ToFrozenDictionary(r => (r.Group, r.Version, r.Plural));
        _byKind = All.ToFrozenDictionary(r => (r.Group, r.Version, r.Kind));
        Groups = [.. All.GroupBy(r => r.Group)
            .Select(g => new ApiGroup(g.Key, [.. g.Select(r => r.Version).Distinct().OrderByDescending(v => g.First(r => r.Version == v).VersionPriority)]))
            .OrderBy(g => g.Name.Length == 0 ? 0 : 1)];
    }

    public IReadOnlyList<ResourceDefinition> All { get; }

    /// <summary>Groups with their versions, preferred version first; the core group ("") first.</summary>
    public IReadOnlyList<ApiGroup> Groups { get; }

    public ResourceDefinition? Find(string group, string version, string plural) =>
        _byPath.GetValueOrDefault((group, version, plural));

    public ResourceDefinition? FindKind(string group, string version, string kind) =>
        _byKind.GetValueOrDefault((group, version, kind));

    public bool HasGroupVersion(string group, string version) => Groups.Any(g => g.Name == group && g.Versions.Contains(version));

    public IEnumerable<ResourceDefinition> InGroupVersion(string group, string version) =>
        All.Where(r => r.Group == group && r.Version == version);
}

/// <summary>An API group with its served versions, the preferred one first.</summary>
public sealed record ApiGroup(string Name, IReadOnlyList<string> Versions);
