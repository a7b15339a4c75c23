namespace Cluster.Controllers.GarbageCollection;

/// <summary>What the garbage collector does with one dependent, given what became of its owners.</summary>
public abstract record DependentAction
{
    /// <summary>Nothing to do: an owner lives, or the object has no owners, or it is already on its way out.</summary>
    public sealed record Keep : DependentAction;

    /// <summary>An owner's kind is unknown for now: look again later (with backoff), after rediscovery.</summary>
    public sealed record RetryLater : DependentAction;

    /// <summary>A reference that can never resolve: leave the object alone and warn (event <c>OwnerRefInvalidNamespace</c>).</summary>
    public sealed record ReportInvalid(string OwnerUid) : DependentAction;

    /// <summary>A live owner keeps it; drop the references to owners that are gone or waiting for their dependents.</summary>
    public sealed record RemoveReferences(IReadOnlyList<string> OwnerUids) : DependentAction;

    /// <summary>
    /// Delete it with this propagation policy. <paramref name="UnblockFirst"/>: first make its own references
    /// non-blocking, because one of its dependents waits in the foreground too and the two would wait on each other.
    /// </summary>
    public sealed record Delete(string Propagation, bool UnblockFirst = false) : DependentAction;
}
