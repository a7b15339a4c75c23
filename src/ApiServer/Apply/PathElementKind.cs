namespace Cluster.ApiServer.Apply;

/// <summary>
/// What a <see cref="PathElement"/> selects, in the order structured-merge-diff sorts elements: a field of an
/// object or key of a map (<c>f:</c>), an item of a list-map by its key fields (<c>k:</c>), an item of a set by its
/// value (<c>v:</c>), an item of a list by position (<c>i:</c>).
/// </summary>
public enum PathElementKind
{
    Field,
    Key,
    Value,
    Index,
}
