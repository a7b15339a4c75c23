namespace Cluster.Controllers.GarbageCollection;

/// <summary>What the garbage collector found at the other end of one ownerReference (upstream's classification).</summary>
public enum OwnerState
{
    /// <summary>It exists (same uid) and is not waiting for its dependents.</summary>
    Solid,

    /// <summary>It is gone, never existed, or another object now has its name (a different uid).</summary>
    Dangling,

    /// <summary>It is being deleted in the foreground (finalizer <c>foregroundDeletion</c>): its dependents go first.</summary>
    WaitingForDependents,

    /// <summary>Its kind is not (yet) served: a CRD not yet discovered, or a typo. Decided later, never guessed.</summary>
    Unresolvable,

    /// <summary>A cluster-scoped dependent names a namespaced owner: such a reference can never resolve.</summary>
    InvalidScope,
}
