using Cluster.Api.Meta.V1;

namespace Cluster.Api;

/// <summary>
/// A top-level object that can be copied with new metadata, so generic code (an informer's transform, a finalizer
/// helper) can change metadata without knowing the concrete record type. Every generated kind implements it.
/// </summary>
public interface IKubernetesObject<TSelf> : IKubernetesObject where TSelf : IKubernetesObject<TSelf>
{
    /// <summary>A copy of this object with <paramref name="metadata"/> in place of its metadata.</summary>
    TSelf WithMetadata(ObjectMeta? metadata);
}
