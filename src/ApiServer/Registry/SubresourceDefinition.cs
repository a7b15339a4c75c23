namespace Cluster.ApiServer.Registry;

/// <summary>A subresource advertised in discovery, with the kind it answers in.</summary>
public sealed record SubresourceDefinition(string Name, string Group, string Version, string Kind, IReadOnlyList<string> Verbs);
