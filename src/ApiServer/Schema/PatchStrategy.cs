namespace Cluster.ApiServer.Schema;

/// <summary>
/// The strategic-merge-patch strategy of a field, from <c>x-kubernetes-patch-strategy</c>. A field may combine
/// <see cref="Merge"/> and <see cref="RetainKeys"/> ("merge,retainKeys"); <see cref="None"/> means the default
/// (maps merge, lists are replaced).
/// </summary>
[Flags]
public enum PatchStrategy
{
    None = 0,
    Merge = 1,
    RetainKeys = 2,
    Replace = 4,
}
