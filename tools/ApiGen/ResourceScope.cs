namespace Cluster.ApiGen;

/// <summary>How a kind is served: its plural resource name and whether it lives in a namespace.</summary>
internal sealed record ResourceScope(string Plural, bool Namespaced);
