using Cluster.Api.Selectors;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Registry;
using Cluster.ApiServer.WatchCache;

namespace Cluster.ApiServer.Handlers;

/// <summary>
/// Which objects a list or watch wants: the request's namespace, label selector and field selector. Unknown field
/// labels are refused (400) as upstream refuses them.
/// </summary>
public sealed class ObjectFilter
{
    private readonly string _namespace;
    private readonly LabelSelector _labels;
    private readonly FieldSelector _fields;

    public ObjectFilter(ResourceDefinition resource, string ns, ListOptions options)
    {
        _namespace = resource.Namespaced ? ns : "";
        try
        {
            _labels = LabelSelector.Parse(options.LabelSelector);
            _fields = FieldSelector.Parse(options.FieldSelector);
        }
        catch (SelectorParseException e)
        {
            throw ApiErrors.BadRequest(e.Message);
        }
        foreach (var requirement in _fields.Requirements)
        {
            if (requirement.Field is not ("metadata.name" or "metadata.namespace") && !resource.SelectableFields.ContainsKey(requirement.Field))
                throw ApiErrors.BadRequest($"field label not supported: {requirement.Field}");
        }
        Name = _fields.TryGetExact("metadata.name", out var name) ? name : null;
        if (_namespace.Length == 0 && resource.Namespaced && _fields.TryGetExact("metadata.namespace", out var fieldNamespace)) NamespaceHint = fieldNamespace;
    }

    /// <summary>The single name the field selector requires, if it requires one: the list can read just that key.</summary>
    public string? Name { get; }

    /// <summary>A namespace the field selector requires on an all-namespaces request.</summary>
    public string? NamespaceHint { get; }

    /// <summary>The namespace the request is confined to; empty for all.</summary>
    public string Namespace => _namespace;

    public bool MatchesEverything => _labels.IsEverything && _fields.IsEverything;

    public bool Matches(CachedObject obj) =>
        (_namespace.Length == 0 || obj.Namespace == _namespace)
        && _labels.Matches(obj.Labels)
        && _fields.Matches(f => obj.Fields.TryGetValue(f, out var v) ? v : null);
}
