using Cluster.Api.Meta.V1;

namespace Cluster.Api;

/// <summary>
/// A list kind (PodList, DeploymentList...): type metadata, <see cref="ListMeta"/> (resourceVersion, continue)
/// and the items. Members mirror the JSON fields and may be null when absent in input.
/// </summary>
public interface IKubernetesList<TItem>
{
    string? ApiVersion { get; }

    string? Kind { get; }

    ListMeta? Metadata { get; }

    IReadOnlyList<TItem>? Items { get; }
}
