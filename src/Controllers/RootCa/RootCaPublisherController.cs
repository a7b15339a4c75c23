using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Controllers.Common;
using Cluster.Runtime;
using Cluster.Runtime.Builder;
using Cluster.Runtime.Client;
using Cluster.Runtime.Client.Errors;
using Cluster.Runtime.Controllers;
using Microsoft.Extensions.Logging;

namespace Cluster.Controllers.RootCa;

/// <summary>
/// Keeps the <c>kube-root-ca.crt</c> ConfigMap in every active namespace, holding the CA that signed the API server's
/// certificate (what in-cluster clients verify it with; the service-account volume projects it), as upstream's
/// root-ca-cert-publisher does: created, restored when changed, recreated when deleted.
/// </summary>
public sealed partial class RootCaPublisherController(ClusterClient client, ClusterCache cache, string caPem, ILogger logger) : IReconciler<Namespace>
{
    public const string ConfigMapName = "kube-root-ca.crt";
    public const string Key = "ca.crt";
    public const string DescriptionAnnotation = "kubernetes.io/description";
    public const string Description = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

    /// <summary>Declares the controller when the connection names a CA (a connection that skips TLS verification has none to publish).</summary>
    public static void Register(ControllerContext context)
    {
        if (context.Runtime.Client.Connection.CertificateAuthorityPem is not { Length: > 0 } ca) return;
        context.Runtime.For<Namespace>()
            .Named("root-ca-cert-publisher")
            .Watches<ConfigMap>(cm => cm.Metadata?.Name == ConfigMapName ? [new ObjectKey("", cm.Metadata.Namespace ?? "")] : [])
            .WithConcurrency(context.Options.ConcurrentSyncs)
            .Complete(new RootCaPublisherController(context.Runtime.Client, context.Runtime.Cache, ca, context.Loggers.CreateLogger<RootCaPublisherController>()));
    }

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        if (!ActiveNamespaces.IsActive(cache.Get<Namespace>(key))) return ReconcileResult.Done;
        var existing = cache.Get<ConfigMap>(new ObjectKey(key.Name, ConfigMapName));
        try
        {
            if (existing is null)
            {
                await client.CreateAsync(Desired(key.Name, caPem), ct: ct);
                LogPublished(logger, key.Name);
            }
            else if (!IsCurrent(existing, caPem))
            {
                var annotations = new Dictionary<string, string>(existing.Metadata?.Annotations ?? new Dictionary<string, string>()) { [DescriptionAnnotation] = Description };
                await client.UpdateAsync(existing with
                {
                    Metadata = existing.Metadata! with { Annotations = annotations },
                    Data = new Dictionary<string, string> { [Key] = caPem },
                    BinaryData = null,
                }, ct: ct);
                LogRestored(logger, key.Name);
            }
        }
        catch (AlreadyExistsException)
        {
            return ReconcileResult.Retry; // the cache was behind: compare with the real one
        }
        catch (ConflictException)
        {
            return ReconcileResult.Retry;
        }
        catch (Exception e) when (e is ForbiddenException or NotFoundException)
        {
            // the namespace began terminating or went away meanwhile
        }

        return ReconcileResult.Done;
    }

    public static ConfigMap Desired(string ns, string caPem) => new()
    {
        Metadata = new ObjectMeta { Name = ConfigMapName, Namespace = ns, Annotations = new Dictionary<string, string> { [DescriptionAnnotation] = Description } },
        Data = new Dictionary<string, string> { [Key] = caPem },
    };

    /// <summary>True when the ConfigMap holds exactly the CA (and nothing else) with the description.</summary>
    public static bool IsCurrent(ConfigMap map, string caPem) =>
        map.Data is { Count: 1 } data && data.TryGetValue(Key, out var held) && held == caPem && map.BinaryData is not { Count: > 0 }
        && map.Metadata?.Annotations?.GetValueOrDefault(DescriptionAnnotation) == Description;

    [LoggerMessage(Level = LogLevel.Debug, Message = "published the root CA in namespace {Namespace}")]
    private static partial void LogPublished(ILogger logger, string @namespace);

    [LoggerMessage(Level = LogLevel.Information, Message = "restored the root CA ConfigMap in namespace {Namespace}")]
    private static partial void LogRestored(ILogger logger, string @namespace);
}
