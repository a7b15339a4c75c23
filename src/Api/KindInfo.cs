using System.Diagnostics.CodeAnalysis;

namespace Cluster.Api;

/// <summary>
/// The identity of a Kubernetes kind — group (empty for the core group), version and kind — and, when the kind
/// is served as a REST resource, its plural resource name and scope. <see cref="Plural"/> is null for kinds that
/// are not resources of their own: list kinds, subresource bodies (Scale, Eviction) and meta kinds (Status,
/// DeleteOptions, WatchEvent). Plural and scope come from the paths of the vendored swagger.json.
/// </summary>
public sealed record KindInfo(string Group, string Version, string Kind, string? Plural, bool Namespaced)
{
    /// <summary>The apiVersion field value: "group/version", or just "version" for the core group.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    /// <summary>True when the kind is served as a resource (it has a plural name).</summary>
    [MemberNotNullWhen(true, nameof(Plural))]
    public bool IsResource => Plural is not null;
}
