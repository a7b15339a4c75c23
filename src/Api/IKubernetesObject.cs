using Cluster.Api.Meta.V1;

namespace Cluster.Api;

/// <summary>
/// A top-level object with type metadata and <see cref="ObjectMeta"/>: Pod, Deployment, ConfigMap and every
/// other stored kind. Members mirror the JSON fields apiVersion, kind and metadata; each may be absent (null)
/// in input, and nothing fills them in implicitly.
/// </summary>
public interface IKubernetesObject
{
    string? ApiVersion { get; }

    string? Kind { get; }

    ObjectMeta? Metadata { get; }
}
