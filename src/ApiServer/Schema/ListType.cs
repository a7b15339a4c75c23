namespace Cluster.ApiServer.Schema;

/// <summary>The <c>x-kubernetes-list-type</c> of an array schema; <see cref="None"/> when not declared.</summary>
public enum ListType
{
    None,
    Atomic,
    Set,
    Map,
}
