namespace Cluster.Runtime.Client;

/// <summary>
/// What one discovery round found: every resource of the group-versions that answered, and the group-versions that
/// failed with why (client-go's partial result with <c>ErrGroupDiscoveryFailed</c>). A group-version that vanished
/// between the group list and its own document (a CRD just deleted) is neither: it is simply not served.
/// </summary>
public sealed record DiscoveredResources(IReadOnlyList<ServedResource> Resources, IReadOnlyDictionary<string, string> FailedGroupVersions)
{
    public bool Complete => FailedGroupVersions.Count == 0;

    /// <summary>True when the documents of <paramref name="group"/> could not be read (so its resources are unknown, not gone).</summary>
    public bool GroupFailed(string group) =>
        FailedGroupVersions.Keys.Any(gv => (gv.IndexOf('/') is var slash and >= 0 ? gv[..slash] : "") == group);
}
