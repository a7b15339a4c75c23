namespace Cluster.ApiServer.Http;

/// <summary>What a resource request is about, parsed from its method and path (upstream's RequestInfo).</summary>
/// <param name="Verb">get, list, watch, create, update, patch, delete, deletecollection.</param>
/// <param name="Namespace">Empty for cluster-scoped resources and for lists across all namespaces.</param>
/// <param name="Name">Empty for collection requests.</param>
public sealed record RequestInfo(
    string Verb,
    string Group,
    string Version,
    string Resource,
    string Namespace,
    string Name,
    string Subresource,
    string SubresourcePath = "");
