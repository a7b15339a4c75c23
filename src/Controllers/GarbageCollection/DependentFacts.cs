using Cluster.Api.Meta.V1;

namespace Cluster.Controllers.GarbageCollection;

/// <summary>
/// Everything the decision about one dependent depends on: each ownerReference with what became of its owner, the
/// dependent's finalizers and deletion state, and whether it owns objects itself (and whether any of those is in turn
/// waiting for its own dependents).
/// </summary>
public sealed record DependentFacts(
    IReadOnlyList<(OwnerReference Reference, OwnerState State)> Owners,
    IReadOnlyList<string> Finalizers,
    bool BeingDeleted,
    bool HasDependents,
    bool HasDependentWaitingForItsDependents);
