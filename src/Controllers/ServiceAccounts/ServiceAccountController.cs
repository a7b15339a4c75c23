using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Controllers.Common;
using Cluster.Runtime;
using Cluster.Runtime.Builder;
using Cluster.Runtime.Client;
using Cluster.Runtime.Client.Errors;
using Cluster.Runtime.Controllers;
using Microsoft.Extensions.Logging;

namespace Cluster.Controllers.ServiceAccounts;

/// <summary>
/// Keeps a <c>default</c> ServiceAccount in every active namespace, as upstream's serviceaccounts-controller does:
/// recreated when deleted, left alone in a terminating namespace.
/// </summary>
public sealed partial class ServiceAccountController(ClusterClient client, ClusterCache cache, ILogger logger) : IReconciler<Namespace>
{
    public const string DefaultName = "default";

    public static void Register(ControllerContext context) =>
        context.Runtime.For<Namespace>()
            .Named("serviceaccount")
            .Watches<ServiceAccount>(sa => sa.Metadata?.Name == DefaultName ? [new ObjectKey("", sa.Metadata.Namespace ?? "")] : [])
            .WithConcurrency(context.Options.ConcurrentSyncs)
            .Complete(new ServiceAccountController(context.Runtime.Client, context.Runtime.Cache, context.Loggers.CreateLogger<ServiceAccountController>()));

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        var ns = cache.Get<Namespace>(key);
        if (!NeedsDefault(ns, cache.Get<ServiceAccount>(new ObjectKey(key.Name, DefaultName)))) return ReconcileResult.Done;
        try
        {
            await client.CreateAsync(new ServiceAccount { Metadata = new ObjectMeta { Name = DefaultName, Namespace = key.Name } }, ct: ct);
            LogCreated(logger, key.Name);
        }
        catch (AlreadyExistsException)
        {
            // the cache was behind
        }
        catch (ForbiddenException)
        {
            // the namespace began terminating meanwhile
        }
        return ReconcileResult.Done;
    }

    /// <summary>An active namespace without its default service account needs one.</summary>
    public static bool NeedsDefault(Namespace? ns, ServiceAccount? existing) =>
        existing is null && ActiveNamespaces.IsActive(ns);

    [LoggerMessage(Level = LogLevel.Debug, Message = "created the default service account of namespace {Namespace}")]
    private static partial void LogCreated(ILogger logger, string @namespace);
}
