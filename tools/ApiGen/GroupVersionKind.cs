namespace Cluster.ApiGen;

/// <summary>An x-kubernetes-group-version-kind entry; the core group is the empty string.</summary>
internal sealed record GroupVersionKind(string Group, string Version, string Kind)
{
    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;
}
