namespace Cluster.ApiServer.Schema;

/// <summary>The <c>x-kubernetes-map-type</c> of an object schema; <see cref="None"/> when not declared.</summary>
public enum MapType
{
    None,
    Granular,
    Atomic,
}
