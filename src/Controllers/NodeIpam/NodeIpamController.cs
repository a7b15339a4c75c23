using System.Net;
using Cluster.Api.Core.V1;
using Cluster.Runtime;
using Cluster.Runtime.Builder;
using Cluster.Runtime.Client;
using Cluster.Runtime.Client.Errors;
using Cluster.Runtime.Controllers;
using Cluster.Runtime.Events;
using Microsoft.Extensions.Logging;

namespace Cluster.Controllers.NodeIpam;

/// <summary>
/// Node IPAM (upstream's nodeipam range allocator): every Node without a podCIDR gets the next free subnet of
/// <see cref="ControllerManagerOptions.ClusterCidr"/> of size <see cref="ControllerManagerOptions.NodeCidrMaskSize"/> in
/// spec.podCIDR and spec.podCIDRs (immutable once set). The used subnets are rebuilt from all Nodes before the first
/// assignment, so a restarted or newly elected controller never hands one out twice; a deleted Node's subnet is freed.
/// When none is free the Node is left without one and gets the Event CIDRNotAvailable (retried periodically).
/// </summary>
public sealed partial class NodeIpamController : IReconciler<Node>
{
    public const string Name = "nodeipam";

    /// <summary>How soon a Node that found the range exhausted is tried again.</summary>
    public static readonly TimeSpan ExhaustedRetry = TimeSpan.FromSeconds(10);

    private readonly ClusterClient _client;
    private readonly ClusterCache _cache;
    private readonly EventRecorder _events;
    private readonly NodeCidrAllocator _allocator;
    private readonly ILogger _log;
    private readonly Lazy<bool> _rebuilt;
    private Controller<Node>? _controller;

    private NodeIpamController(ControllerContext context, NodeCidrAllocator allocator)
    {
        _client = context.Runtime.Client;
        _cache = context.Runtime.Cache;
        _events = context.Recorder("node-controller");
        _allocator = allocator;
        _log = context.Loggers.CreateLogger<NodeIpamController>();
        // Workers start after the Node informer synced: its cache holds every Node by the first reconcile.
        _rebuilt = new Lazy<bool>(Rebuild, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Declares the controller; throws <see cref="ArgumentException"/> when the range options are invalid.</summary>
    public static void Register(ControllerContext context)
    {
        var allocator = new NodeCidrAllocator(ParseClusterCidr(context.Options.ClusterCidr), context.Options.NodeCidrMaskSize);
        var controller = new NodeIpamController(context, allocator);
        controller._controller = context.Runtime.For<Node>()
            .Named(Name)
            .WithConcurrency(context.Options.ConcurrentSyncs)
            .Complete(controller);
    }

    /// <summary>An IPv4 network without host bits, e.g. 10.244.0.0/16.</summary>
    public static IPNetwork ParseClusterCidr(string text) =>
        IPNetwork.TryParse(text, out var cidr) && cidr.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? cidr
            : throw new ArgumentException($"cluster CIDR \"{text}\" is not an IPv4 network such as 10.244.0.0/16 (without host bits)");

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        _ = _rebuilt.Value;
        if (_cache.Get<Node>(key) is not { } node)
        {
            // A freed subnet goes to a Node that found none at once, not at its next retry.
            if (_allocator.Release(key.Name)) EnqueueWaiting();
            return ReconcileResult.Done;
        }
        if (NodeCidrAllocator.PodCidrs(node).Count > 0)
        {
            if (!_allocator.Observe(node)) LogOutOfRange(_log, key.Name, node.Spec?.PodCIDR ?? "", _allocator.ClusterCidr.ToString());
            return ReconcileResult.Done;
        }
        if (node.Metadata?.DeletionTimestamp is not null) return ReconcileResult.Done;

        if (_allocator.Assign(key.Name) is not { } cidr)
        {
            _events.Normal(node, "CIDRNotAvailable", $"Node {key.Name} status is now: CIDRNotAvailable");
            LogExhausted(_log, key.Name, _allocator.ClusterCidr.ToString(), _allocator.Capacity);
            return ReconcileResult.After(ExhaustedRetry);
        }
        var text = cidr.ToString();
        try
        {
            await _client.UpdateAsync(node with { Spec = (node.Spec ?? new NodeSpec()) with { PodCIDR = text, PodCIDRs = [text] } }, ct: ct);
            LogAssigned(_log, key.Name, text);
            return ReconcileResult.Done;
        }
        catch (ConflictException)
        {
            return ReconcileResult.Retry;                                   // the same subnet is tried again on the fresh Node
        }
        catch (NotFoundException)
        {
            _allocator.Release(key.Name);
            return ReconcileResult.Done;
        }
    }

    private void EnqueueWaiting()
    {
        foreach (var waiting in _cache.List<Node>().Where(n => NodeCidrAllocator.PodCidrs(n).Count == 0 && n.Metadata?.Name is { Length: > 0 }))
            _controller?.Queue.Add(new ObjectKey("", waiting.Metadata!.Name!));
    }

    private bool Rebuild()
    {
        var nodes = _cache.List<Node>();
        _allocator.Rebuild(nodes);
        LogRebuilt(_log, _allocator.Used, _allocator.Capacity, _allocator.ClusterCidr.ToString(), nodes.Count);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Node IPAM on {ClusterCidr}: {Used} of {Capacity} node subnets in use by {Nodes} nodes")]
    private static partial void LogRebuilt(ILogger logger, int used, int capacity, string clusterCidr, int nodes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Assigned pod CIDR {Cidr} to node {Node}")]
    private static partial void LogAssigned(ILogger logger, string node, string cidr);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No pod CIDR left for node {Node}: all {Capacity} subnets of {ClusterCidr} are in use")]
    private static partial void LogExhausted(ILogger logger, string node, string clusterCidr, int capacity);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Node {Node} has pod CIDR {Cidr} outside the cluster CIDR {ClusterCidr}: left alone")]
    private static partial void LogOutOfRange(ILogger logger, string node, string cidr, string clusterCidr);
}
