namespace Cluster.ApiServer.Apply;

/// <summary>How a list's items are identified: not at all (atomic), by value (set) or by key fields (map).</summary>
internal enum ListKind
{
    Atomic,
    Set,
    Map,
}
