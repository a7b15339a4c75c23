using Cluster.Api;
using Cluster.Api.Selectors;
using Cluster.Runtime.Informers;

namespace Cluster.Runtime.Builder;

/// <summary>
/// What reconcilers read: the shared informers' caches, by kind. Reads never go to the server. A kind is readable
/// once its informer has synced; the runtime starts and syncs every informer declared before it runs (through
/// <c>For</c>, <c>Owns</c>, <c>Watches</c> or <see cref="SharedInformers.For{T}"/>), and reading an unsynced kind throws
/// rather than returning a partial answer.
/// </summary>
public sealed class ClusterCache(SharedInformers informers)
{
    public T? Get<T>(ObjectKey key) where T : class, IKind<T>, IKubernetesObject<T> => Synced<T>().Get(key);

    public IReadOnlyList<T> List<T>(string? ns = null, LabelSelector? selector = null) where T : class, IKind<T>, IKubernetesObject<T> =>
        Synced<T>().List(ns, selector);

    /// <summary>The objects with an ownerReference to <paramref name="ownerUid"/>.</summary>
    public IReadOnlyList<T> OwnedBy<T>(string ownerUid) where T : class, IKind<T>, IKubernetesObject<T> =>
        Synced<T>().ByIndex(ObjectCache<T>.OwnerIndex, ownerUid);

    private ObjectCache<T> Synced<T>() where T : class, IKind<T>, IKubernetesObject<T>
    {
        var informer = informers.For<T>();
        if (!informer.HasSynced)
            throw new InvalidOperationException($"the {T.Info.Kind} cache has not synced: declare the kind (Owns, Watches or Informers.For) before the runtime runs");
        return informer.Cache;
    }
}
