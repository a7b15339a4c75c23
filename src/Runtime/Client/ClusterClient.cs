using System.Collections.Concurrent;
using Cluster.Api;
using Cluster.Api.Meta.V1;

namespace Cluster.Runtime.Client;

/// <summary>
/// The client of one cluster: <see cref="Resource{T}"/> for any kind with a C# type (every served kind, and custom
/// kinds users declare), <see cref="Dynamic"/> for any resource by name, and shortcuts for the common verbs. Share one
/// per process: it holds the connection pools. Thread-safe.
/// </summary>
public sealed class ClusterClient : IDisposable
{
    private readonly ConcurrentDictionary<Type, object> _typed = new();
    private readonly ConcurrentDictionary<KindInfo, ResourceClient<DynamicObject>> _dynamic = new();

    public ClusterClient(ClusterConnection connection, TimeProvider? time = null)
    {
        Transport = new ApiTransport(connection, time);
    }

    public ApiTransport Transport { get; }

    /// <summary>What the server serves now (built-in and custom resources).</summary>
    public DiscoveryClient Discovery => new(Transport);

    public ClusterConnection Connection => Transport.Connection;

    /// <summary>The client of kind <typeparamref name="T"/> (cached; cheap to call).</summary>
    public ResourceClient<T> Resource<T>() where T : class, IKind<T>, IKubernetesObject =>
        (ResourceClient<T>)_typed.GetOrAdd(typeof(T), static (_, transport) => new ResourceClient<T>(transport, KindCodec<T>.Instance), Transport);

    /// <summary>The client of any resource, objects as <see cref="DynamicObject"/>s (custom resources without a C# type).</summary>
    public ResourceClient<DynamicObject> Dynamic(KindInfo kind) =>
        _dynamic.GetOrAdd(kind, static (k, transport) => new ResourceClient<DynamicObject>(transport, new DynamicCodec(k)), Transport);

    public Task<T> GetAsync<T>(ObjectKey key, CancellationToken ct = default) where T : class, IKind<T>, IKubernetesObject =>
        Resource<T>().GetAsync(key, ct);

    public Task<T?> FindAsync<T>(ObjectKey key, CancellationToken ct = default) where T : class, IKind<T>, IKubernetesObject =>
        Resource<T>().FindAsync(key, ct);

    public Task<ObjectList<T>> ListAsync<T>(string? ns = null, ListOptions? options = null, CancellationToken ct = default) where T : class, IKind<T>, IKubernetesObject =>
        Resource<T>().ListAsync(ns, options, ct);

    public IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(string? ns = null, ListOptions? options = null, CancellationToken ct = default) where T : class, IKind<T>, IKubernetesObject =>
        Resource<T>().WatchAsync(ns, options, ct);

    public Task<T> CreateAsync<T>(T obj, WriteOptions? options = null, CancellationToken ct = default) where T : class, IKind<T>, IKubernetesObject =>
        Resource<T>().CreateAsync(obj, options, ct);

    public Task<T> UpdateAsync<T>(T obj, WriteOptions? options = null, CancellationToken ct = default) where T : class, IKind<T>, IKubernetesObject =>
        Resource<T>().UpdateAsync(obj, options, ct);

    public Task<T> UpdateStatusAsync<T>(T obj, WriteOptions? options = null, CancellationToken ct = default) where T : class, IKind<T>, IKubernetesObject =>
        Resource<T>().UpdateStatusAsync(obj, options, ct);

    public Task<T> PatchAsync<T>(ObjectKey key, Patch patch, WriteOptions? options = null, string? subresource = null, CancellationToken ct = default) where T : class, IKind<T>, IKubernetesObject =>
        Resource<T>().PatchAsync(key, patch, options, subresource, ct);

    public Task<T> ApplyAsync<T>(T obj, string fieldManager, bool force = false, CancellationToken ct = default) where T : class, IKind<T>, IKubernetesObject =>
        Resource<T>().ApplyAsync(obj, fieldManager, force, ct);

    public Task<T?> DeleteAsync<T>(ObjectKey key, DeleteOptions? options = null, CancellationToken ct = default) where T : class, IKind<T>, IKubernetesObject =>
        Resource<T>().DeleteAsync(key, options, ct);

    public void Dispose() => Transport.Dispose();
}
