using Cluster.ApiServer.Http;
using Cluster.ApiServer.Registry;
using Cluster.ApiServer.Schema;
using Cluster.ApiServer.Storage;
using Cluster.ApiServer.WatchCache;
using Microsoft.Extensions.Logging;

namespace Cluster.ApiServer;

/// <summary>What the handlers of one server share: the registry, the storage, the watch caches, the clock.</summary>
public sealed class ApiServices(
    ResourceRegistry registry,
    ObjectStorage storage,
    WatchCacheSet caches,
    RequestBody body,
    TimeProvider time,
    ILoggerFactory loggers,
    ApiSchemas schemas,
    Handlers.ObjectAllocators allocators)
{
    private ResourceRegistry _registry = registry;

    /// <summary>The served resources now: built-in kinds plus established custom resources. Replaced whole, never changed.</summary>
    public ResourceRegistry Registry => Volatile.Read(ref _registry);

    /// <summary>Serves <paramref name="registry"/> from now on (the custom resource definitions changed).</summary>
    public void Publish(ResourceRegistry registry) => Volatile.Write(ref _registry, registry);
    public ObjectStorage Storage { get; } = storage;
    public WatchCacheSet Caches { get; } = caches;
    public RequestBody Body { get; } = body;
    public TimeProvider Time { get; } = time;
    public ILoggerFactory Loggers { get; } = loggers;
    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>The structural schema of a resource's kind, or null if it has none (free-form).</summary>
    public SchemaNode? SchemaFor(ResourceDefinition r) => r.Schema ?? (r.IsCustom ? null : schemas.Catalog.ForKind(r.Group, r.Version, r.Kind));

    public ApiSchemas Schemas => schemas;

    /// <summary>What fills values from server-wide ranges (a Service's cluster IP and node ports) before a write.</summary>
    public Handlers.ObjectAllocators Allocators => allocators;
}
