namespace Cluster.ApiServer.Registry;

/// <summary>
/// Where a resource's <c>/scale</c> subresource reads and writes: dotted JSON paths such as <c>.spec.replicas</c>
/// (a CRD's <c>subresources.scale</c>). <see cref="LabelSelectorPath"/> names a selector in its string form.
/// </summary>
public sealed record ScalePaths(string SpecReplicasPath, string StatusReplicasPath, string? LabelSelectorPath)
{
    public static string[] Segments(string path) => path.TrimStart('.').Split('.', StringSplitOptions.RemoveEmptyEntries);
}
