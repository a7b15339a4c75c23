using System.Collections.Concurrent;
using Cluster.Api.Coordination.V1;
using Cluster.Api.Core.V1;
using Cluster.Runtime;
using Cluster.Runtime.Builder;
using Cluster.Runtime.Client;
using Cluster.Runtime.Client.Errors;
using Cluster.Runtime.Controllers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Kubelet.Hollow;

/// <summary>
/// Many simulated nodes in one process, like KWOK: each registers a Node labelled <c>node.cluster.io/hollow=true</c>,
/// renews its Lease in kube-node-lease, and takes the pods bound to it through a simulated lifecycle
/// (<see cref="HollowPodSteps"/>). It never runs containers. One pod informer and one work queue serve the whole
/// fleet, so thousands of nodes fit in one process. A node stops heartbeating through <see cref="StopHeartbeat"/> or
/// the annotation <see cref="HeartbeatAnnotation"/>=stopped on its Node (node-loss tests).
/// </summary>
public sealed partial class HollowNodeFleet : IReconciler<Pod>
{
    public const string HeartbeatAnnotation = "hollow.cluster.io/heartbeat";

    private readonly ClusterClient _client;

    /// <summary>For pod writes whose responses are not read: they need not decode the managed fields in them.</summary>
    private readonly ResourceClient<Pod> _leanPods;
    private readonly HollowNodeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private readonly Dictionary<string, int> _index;
    private readonly int[] _nextIp;
    private readonly ConcurrentDictionary<string, bool> _stopped = new(StringComparer.Ordinal);
    private ClusterCache? _cache;

    public HollowNodeFleet(ClusterClient client, HollowNodeOptions options, ILoggerFactory? loggers = null, TimeProvider? time = null)
    {
        options.Validate();
        _client = client;
        _leanPods = client.Resource<Pod>().WithoutManagedFields();
        _options = options;
        _time = time ?? TimeProvider.System;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _log = _loggers.CreateLogger<HollowNodeFleet>();
        _index = Enumerable.Range(0, options.Count).ToDictionary(i => HollowNodes.Name(options, i), i => i, StringComparer.Ordinal);
        _nextIp = new int[options.Count];
    }

    public IReadOnlyCollection<string> NodeNames => _index.Keys;

    /// <summary>The node stops renewing its Lease (as a crashed or partitioned kubelet), until resumed.</summary>
    public void StopHeartbeat(string node) => _stopped[node] = true;

    public void ResumeHeartbeat(string node) => _stopped.TryRemove(node, out _);

    /// <summary>Registers every node and its Lease, then works on pods and heartbeats until <paramref name="ct"/> fires.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var leases = await RegisterAsync(ct);
        LogRegistered(_log, _options.Count, _options.NamePrefix);
        await using var runtime = new ControllerRuntime(_client, new ControllerRuntimeOptions { ShutdownTimeout = TimeSpan.FromSeconds(2) }, _loggers, _time);
        _cache = runtime.Cache;
        var nodes = runtime.Informers.For<Node>();
        runtime.For<Pod>()
            .Named("hollow-nodes")
            .WithPredicate(e => e.Object.Spec?.NodeName is { } node && _index.ContainsKey(node))
            .WithConcurrency(_options.Workers)
            .Complete(this);
        var heartbeats = new LeaseHeartbeats(_client, _options, leases, node => _stopped.ContainsKey(node) || IsStoppedByAnnotation(nodes.Cache.Get(new ObjectKey("", node))),
            (node, token) => ReportReadyAsync(nodes.Cache.Get(new ObjectKey("", node)), token), _time, _log);
        await Task.WhenAll(runtime.RunAsync(ct), heartbeats.RunAsync(ct));
    }

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        var pod = _cache!.Get<Pod>(key);
        if (pod?.Spec?.NodeName is not { } node || !_index.TryGetValue(node, out var index)) return ReconcileResult.Done;
        var step = HollowPodSteps.Next(pod, _options, HollowNodes.Address(index), () => AllocateIp(index), _time.GetUtcNow());
        try
        {
            switch (step)
            {
                case HollowPodStep.Wait wait:
                    return ReconcileResult.After(wait.Delay);
                case HollowPodStep.Post post:
                    // What the scheduler wrote stays, as the kubelet keeps it: the nomination of a preemptor.
                    await _leanPods.UpdateStatusReturningMetadataAsync(pod with { Status = post.Status with { NominatedNodeName = pod.Status?.NominatedNodeName } }, ct: ct);
                    return post.Then is { } then ? ReconcileResult.After(then) : ReconcileResult.Done;
                case HollowPodStep.Remove:
                    await _client.DeleteAsync<Pod>(key, new Api.Meta.V1.DeleteOptions { GracePeriodSeconds = 0, Preconditions = new Api.Meta.V1.Preconditions { Uid = pod.Metadata!.Uid } }, ct);
                    return ReconcileResult.Done;
                default:
                    return ReconcileResult.Done;
            }
        }
        catch (NotFoundException)
        {
            return ReconcileResult.Done;
        }
        catch (ConflictException)
        {
            return ReconcileResult.Retry; // a newer pod is on its way to the cache
        }
    }

    /// <summary>
    /// A heartbeating node whose Ready condition someone else changed (the node lifecycle controller marks silent nodes
    /// Unknown) posts Ready again, as a kubelet's next status update does.
    /// </summary>
    private async Task ReportReadyAsync(Node? node, CancellationToken ct)
    {
        if (node?.Metadata?.Name is not { } name || !_index.TryGetValue(name, out var index)) return;
        if (node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status == "True") return;
        var fresh = HollowNodes.Node(_options, index, _time.GetUtcNow());
        try
        {
            await _client.UpdateStatusAsync(node with { Status = (node.Status ?? new NodeStatus()) with { Conditions = fresh.Status!.Conditions } }, ct: ct);
        }
        catch (ApiException e) when (e is ConflictException or NotFoundException)
        {
            // the next heartbeat tries again from the newer node
        }
    }

    private static bool IsStoppedByAnnotation(Node? node) =>
        node?.Metadata?.Annotations?.TryGetValue(HeartbeatAnnotation, out var value) == true && value == "stopped";

    private string AllocateIp(int index)
    {
        var n = Interlocked.Increment(ref _nextIp[index]) - 1;
        return $"10.{(index >> 8) & 255}.{index & 255}.{2 + (n % 253)}";
    }

    /// <summary>Creates the Nodes and Leases that do not exist yet; returns each node's current Lease.</summary>
    private async Task<ConcurrentDictionary<string, Lease>> RegisterAsync(CancellationToken ct)
    {
        var leases = new ConcurrentDictionary<string, Lease>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(Enumerable.Range(0, _options.Count), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = ct }, async (i, token) =>
        {
            var now = _time.GetUtcNow();
            var desired = HollowNodes.Node(_options, i, now);
            Node node;
            try
            {
                node = await _client.CreateAsync(desired, ct: token);
            }
            catch (AlreadyExistsException)
            {
                var existing = await _client.GetAsync<Node>(new ObjectKey("", desired.Metadata!.Name!), token);
                node = await _client.UpdateStatusAsync(existing with { Status = desired.Status }, ct: token);
            }
            var name = node.Metadata!.Name!;
            try
            {
                leases[name] = await _client.CreateAsync(HollowNodes.Lease(name, node.Metadata.Uid!, _options, now), ct: token);
            }
            catch (AlreadyExistsException)
            {
                leases[name] = await _client.GetAsync<Lease>(new ObjectKey(HollowNodes.LeaseNamespace, name), token);
            }
        });
        return leases;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} hollow nodes registered ({Prefix}0...); simulating their pods")]
    private static partial void LogRegistered(ILogger logger, int count, string prefix);
}
