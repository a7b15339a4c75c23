namespace Cluster.Controllers.Scheduling.Queue;

/// <summary>
/// The kind of object a <see cref="ClusterEvent"/> is about (upstream's framework.EventResource).
/// <see cref="Pod"/> in a registration stands for both <see cref="AssignedPod"/> and <see cref="UnscheduledPod"/>;
/// <see cref="WildCard"/> matches everything.
/// </summary>
public enum EventResource
{
    WildCard,
    Pod,

    /// <summary>A pod bound to a node (spec.nodeName set).</summary>
    AssignedPod,

    /// <summary>A pod not yet bound, including the pending pod itself being updated.</summary>
    UnscheduledPod,
    Node,
    PersistentVolume,
    PersistentVolumeClaim,
    StorageClass,
    CSINode,
    CSIDriver,
    CSIStorageCapacity,
    ResourceClaim,
    ResourceSlice,
    DeviceClass,
}
