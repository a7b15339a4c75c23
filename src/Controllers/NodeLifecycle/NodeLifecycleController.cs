using Cluster.Api.Coordination.V1;
using Cluster.Api.Core.V1;
using Cluster.Runtime;
using Cluster.Runtime.Builder;
using Cluster.Runtime.Client;
using Cluster.Runtime.Client.Errors;
using Cluster.Runtime.Controllers;
using Cluster.Runtime.Events;
using Cluster.Runtime.Informers;
using Microsoft.Extensions.Logging;

namespace Cluster.Controllers.NodeLifecycle;

/// <summary>
/// Watches node heartbeats (Leases in kube-node-lease): a node silent for longer than the grace period gets its
/// kubelet conditions set to Unknown and the NoExecute taint <c>node.kubernetes.io/unreachable</c> (not-ready when its
/// kubelet reports Ready=False); pods that do not tolerate the taint are evicted at once, tolerating ones after their
/// tolerationSeconds; the taint goes when the node reports Ready again (<see cref="NodeHealthRules"/>).
/// </summary>
public sealed partial class NodeLifecycleController : IReconciler<Node>
{
    public const string LeaseNamespace = "kube-node-lease";

    private readonly ClusterClient _client;
    private readonly ClusterCache _cache;
    private readonly Informer<Node> _nodes;
    private readonly EventRecorder _events;
    private readonly ControllerManagerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;

    private NodeLifecycleController(ControllerContext context)
    {
        _client = context.Runtime.Client;
        _cache = context.Runtime.Cache;
        _nodes = context.Runtime.Informers.For<Node>();
        _events = context.Recorder("node-controller");
        _options = context.Options;
        _time = context.Runtime.Time;
        _log = context.Loggers.CreateLogger<NodeLifecycleController>();
    }

    public static void Register(ControllerContext context)
    {
        var controller = new NodeLifecycleController(context);
        context.Runtime.For<Node>()
            .Named("nodelifecycle")
            .Watches<Lease>(lease => lease.Metadata?.Namespace == LeaseNamespace ? [new ObjectKey("", lease.Metadata.Name ?? "")] : [])
            .Watches<Pod>(controller.NodeIfTainted)
            .WithConcurrency(context.Options.ConcurrentSyncs)
            .Complete(controller);
    }

    /// <summary>A pod change matters here only on a node with NoExecute taints (it may need evicting).</summary>
    private IEnumerable<ObjectKey> NodeIfTainted(Pod pod) =>
        pod.Spec?.NodeName is { Length: > 0 } node && _nodes.Cache.Get(new ObjectKey("", node))?.Spec?.Taints?.Any(t => t.Effect == "NoExecute") == true
            ? [new ObjectKey("", node)]
            : [];

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        var node = _cache.Get<Node>(key);
        if (node is null) return ReconcileResult.Done;
        var lease = _cache.Get<Lease>(new ObjectKey(LeaseNamespace, key.Name));
        var now = _time.GetUtcNow();
        try
        {
            if (NodeHealthRules.ConditionsAfterSilence(node, lease, _options.NodeMonitorGracePeriod, now) is { } unknown)
            {
                node = await _client.UpdateStatusAsync(node with { Status = (node.Status ?? new NodeStatus()) with { Conditions = unknown } }, ct: ct);
                _events.Normal(node, "NodeNotReady", $"Node {key.Name} status is now: NodeNotReady");
                LogSilent(_log, key.Name);
            }
            var taints = NodeHealthRules.Taints(node, now);
            if (!NodeHealthRules.SameTaints(node.Spec?.Taints, taints))
                node = await _client.UpdateAsync(node with { Spec = (node.Spec ?? new NodeSpec()) with { Taints = taints.Count == 0 ? null : taints } }, ct: ct);
        }
        catch (ConflictException)
        {
            return ReconcileResult.Retry;
        }
        catch (NotFoundException)
        {
            return ReconcileResult.Done;
        }

        var next = await EvictAsync(node, now, ct);
        var heartbeat = NodeHealthRules.LastHeartbeat(node, lease) ?? node.Metadata?.CreationTimestamp ?? now;
        var silentAt = heartbeat + _options.NodeMonitorGracePeriod - now;
        if (silentAt > TimeSpan.Zero && (next is null || silentAt < next)) next = silentAt + TimeSpan.FromMilliseconds(100);
        return next is { } wait ? ReconcileResult.After(wait < _options.NodeMonitorPeriod ? wait : _options.NodeMonitorPeriod) : ReconcileResult.After(_options.NodeMonitorPeriod);
    }

    /// <summary>Evicts what must leave now; returns how long until the next eviction is due.</summary>
    private async Task<TimeSpan?> EvictAsync(Node node, DateTimeOffset now, CancellationToken ct)
    {
        var taints = node.Spec?.Taints?.Where(t => t.Effect == "NoExecute").ToList() ?? [];
        if (taints.Count == 0) return null;
        TimeSpan? next = null;
        foreach (var pod in _cache.List<Pod>().Where(p => p.Spec?.NodeName == node.Metadata?.Name && p.Metadata?.DeletionTimestamp is null))
        {
            if (NodeHealthRules.EvictAt(pod, taints, now) is not { } at) continue;
            if (at > now)
            {
                if (next is null || at - now < next) next = at - now;
                continue;
            }
            try
            {
                await _client.DeleteAsync<Pod>(ObjectKey.Of(pod), new Api.Meta.V1.DeleteOptions { Preconditions = new Api.Meta.V1.Preconditions { Uid = pod.Metadata!.Uid } }, ct);
                _events.Normal(pod, "TaintManagerEviction", $"Marking for deletion Pod {pod.Metadata.Namespace}/{pod.Metadata.Name}");
            }
            catch (ApiException e) when (e is NotFoundException or ConflictException)
            {
            }
        }
        return next;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node} stopped renewing its lease: conditions Unknown, tainted unreachable")]
    private static partial void LogSilent(ILogger logger, string node);
}
