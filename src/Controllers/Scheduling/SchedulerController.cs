using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Api.Core.V1;
using Cluster.Api.Policy.V1;
using Cluster.Controllers.Scheduling.Cache;
using Cluster.Controllers.Scheduling.Framework;
using Cluster.Controllers.Scheduling.Queue;
using Cluster.Runtime;
using Cluster.Runtime.Client;
using Cluster.Runtime.Client.Errors;
using Cluster.Runtime.Controllers;
using Cluster.Runtime.Events;
using Cluster.Runtime.Informers;
using Microsoft.Extensions.Logging;

namespace Cluster.Controllers.Scheduling;

/// <summary>
/// The scheduler as a controller on the runtime: informers feed the <see cref="SchedulerCache"/> (nodes, bound pods)
/// and the <see cref="SchedulingQueue"/> (pending pods of this scheduler); one loop pops a pod, runs the
/// <see cref="SchedulingAlgorithm"/> on a fresh snapshot, assumes the pod on the chosen node and binds it in the
/// background (pods/binding) while the next pod is scheduled. A pod that fits nowhere gets a FailedScheduling event
/// and PodScheduled=False, and waits in the queue for a relevant cluster event. Everything is rebuilt on each run,
/// so leadership can move between processes.
/// </summary>
public sealed partial class SchedulerController(ControllerContext context, SchedulerOptions options) : IController
{
    private readonly ClusterClient _client = context.Runtime.Client;
    private readonly Informer<Pod> _pods = context.Runtime.Informers.For<Pod>();
    private readonly Informer<Node> _nodes = context.Runtime.Informers.For<Node>();
    private readonly Informer<Namespace> _namespaces = context.Runtime.Informers.For<Namespace>();
    private readonly Informer<PodDisruptionBudget> _budgets = context.Runtime.Informers.For<PodDisruptionBudget>();
    private readonly EventRecorder _events = context.Recorder(options.SchedulerName);
    private readonly ILogger _log = context.Loggers.CreateLogger<SchedulerController>();

    public string Name => "scheduler";

    public async Task RunAsync(TimeSpan shutdownTimeout, CancellationToken abort, CancellationToken stop)
    {
        using var running = CancellationTokenSource.CreateLinkedTokenSource(abort, stop);
        var ct = running.Token;
        try
        {
            await Task.WhenAll(_pods.WaitForSyncAsync(ct), _nodes.WaitForSyncAsync(ct), _namespaces.WaitForSyncAsync(ct), _budgets.WaitForSyncAsync(ct));
        }
        catch (OperationCanceledException)
        {
            return;
        }
        var time = context.Runtime.Time;
        var cache = new SchedulerCache(time);
        var queue = new SchedulingQueue(new SchedulingQueueOptions
        {
            Plugins = PluginEvents.Default,
            DominantShare = options.Fairness ? cache.DominantShare : null,
        }, time);
        var profile = SchedulerProfile.Default(options.ScoreWeights) with { PercentageOfNodesToScore = options.PercentageOfNodesToScore };
        var algorithm = new SchedulingAlgorithm(profile) { NominatedPods = queue.NominatedPodsForNode, AnyNominatedPods = queue.AnyNominatedPods };
        var cycle = new SchedulingCycle(algorithm, cache, queue, _namespaces, new Preemption.Evaluator(), () => _budgets.Cache.List());
        LogStarted(_log, options.SchedulerName, options.Fairness);
        var background = new[]
        {
            FollowNodesAsync(cache, queue, ct),
            FollowPodsAsync(cache, queue, ct),
            queue.RunAsync(ct),
            ExpireAssumedAsync(cache, time, ct),
        };
        try
        {
            await ScheduleLoopAsync(cycle, ct);
        }
        finally
        {
            await running.CancelAsync();
            queue.Close();
            await Task.WhenAll(background.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        }
    }

    private async Task ScheduleLoopAsync(SchedulingCycle cycle, CancellationToken ct)
    {
        using var binds = new SemaphoreSlim(options.BindConcurrency);
        var inFlight = new HashSet<Task>();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                QueuedPodInfo? popped;
                try
                {
                    popped = await cycle.Queue.PopAsync(ct);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                if (popped is null) break;
                var outcome = cycle.Run(popped);
                if (outcome.Unschedulable is { } error) Report(popped.Pod, error);
                if (outcome.Preemption is { Succeeded: true } preemption) _ = PreemptAsync(popped.Pod, preemption, ct);
                if (outcome.Node is not { } node) continue;
                await binds.WaitAsync(ct);
                var bind = BindAsync(cycle, popped, outcome.PodInfo!, node, binds, ct);
                lock (inFlight) inFlight.Add(bind);
                _ = bind.ContinueWith(t => { lock (inFlight) inFlight.Remove(t); }, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        Task[] pending;
        lock (inFlight) pending = [.. inFlight];
        await Task.WhenAll(pending);
    }

    private async Task BindAsync(SchedulingCycle cycle, QueuedPodInfo queued, PodInfo pod, string node, SemaphoreSlim binds, CancellationToken ct)
    {
        try
        {
            await _client.BindAsync(pod.Pod, node, ct);
            cycle.Cache.FinishBinding(pod);
            _events.Normal(pod.Pod, "Scheduled", $"Successfully assigned {pod.Namespace}/{pod.Key.Name} to {node}");
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or OperationCanceledException)
        {
            cycle.Cache.ForgetPod(pod);
            if (e is NotFoundException || ct.IsCancellationRequested) return;
            LogBindFailed(_log, pod.Namespace, pod.Key.Name, node, e.Message);
            _events.Warning(pod.Pod, "FailedScheduling", $"Binding rejected: {e.Message}");
            cycle.Queue.RequeueAfterError(queued);
        }
        finally
        {
            cycle.Queue.Done(queued.Uid);
            binds.Release();
        }
    }

    /// <summary>
    /// Carries out a preemption as upstream does: the preemptor is nominated to the node (status.nominatedNodeName),
    /// each victim gets the DisruptionTarget condition, a Preempted event and is deleted with its grace period.
    /// </summary>
    private async Task PreemptAsync(Pod preemptor, Preemption.PreemptionResult preemption, CancellationToken ct)
    {
        var node = preemption.NodeName!;
        try
        {
            var nominate = new JsonObject { ["status"] = new JsonObject { ["nominatedNodeName"] = node } };
            await _client.PatchAsync<Pod>(ObjectKey.Of(preemptor), Patch.Merge(nominate.ToJsonString()), subresource: "status", ct: ct);
            var condition = Preemption.PreemptionConditions.For(options.SchedulerName, context.Runtime.Time.GetUtcNow());
            foreach (var victim in preemption.Victims)
            {
                var key = ObjectKey.Of(victim);
                var patch = new JsonObject
                {
                    ["status"] = new JsonObject
                    {
                        ["conditions"] = new JsonArray(JsonNode.Parse(JsonSerializer.Serialize(condition, Api.Serialization.ApiJsonContext.Default.CoreV1PodCondition))),
                    },
                };
                try
                {
                    await _client.PatchAsync<Pod>(key, Patch.StrategicMerge(patch.ToJsonString()), subresource: "status", ct: ct);
                    _events.Normal(victim, "Preempted", $"Preempted by pod {preemptor.Metadata?.Uid} on node {node}");
                    await _client.DeleteAsync<Pod>(key, new Api.Meta.V1.DeleteOptions { Preconditions = new Api.Meta.V1.Preconditions { Uid = victim.Metadata?.Uid } }, ct);
                }
                catch (NotFoundException)
                {
                }
            }
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or OperationCanceledException)
        {
            if (!ct.IsCancellationRequested) LogPreemptionFailed(_log, preemptor.Metadata?.Namespace ?? "", preemptor.Metadata?.Name ?? "", e.Message);
        }
    }

    /// <summary>FailedScheduling and PodScheduled=False with upstream's message, written only when the message changes.</summary>
    private void Report(Pod pod, FitError error)
    {
        var message = error.NumAllNodes == 0 ? "no nodes available to schedule pods" : error.Message;
        _events.Warning(pod, "FailedScheduling", message);
        var current = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
        if (current is { Status: "False", Reason: "Unschedulable" } && current.Message == message) return;
        _ = PatchConditionAsync(pod, message);
    }

    private async Task PatchConditionAsync(Pod pod, string message)
    {
        var condition = new JsonObject
        {
            ["type"] = "PodScheduled",
            ["status"] = "False",
            ["reason"] = "Unschedulable",
            ["message"] = message,
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = context.Runtime.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        };
        var patch = new JsonObject { ["status"] = new JsonObject { ["conditions"] = new JsonArray(condition) } };
        try
        {
            await _client.PatchAsync<Pod>(ObjectKey.Of(pod), Patch.StrategicMerge(patch.ToJsonString()), subresource: "status");
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or JsonException)
        {
            LogConditionFailed(_log, pod.Metadata?.Namespace ?? "", pod.Metadata?.Name ?? "", e.Message);
        }
    }

    private async Task FollowNodesAsync(SchedulerCache cache, SchedulingQueue queue, CancellationToken ct)
    {
        await foreach (var e in _nodes.Events(ct))
        {
            switch (e.Type)
            {
                case InformerEventType.Added:
                    cache.AddNode(e.Object);
                    queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeAdd);
                    break;
                case InformerEventType.Updated:
                    cache.UpdateNode(e.Object);
                    if (e.Old is { } old)
                        foreach (var happened in NodeEvents.ForUpdate(old, e.Object)) queue.MoveAllToActiveOrBackoffQueue(happened);
                    break;
                case InformerEventType.Deleted:
                    cache.RemoveNode(e.Object);
                    queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeDelete);
                    break;
            }
        }
    }

    private async Task FollowPodsAsync(SchedulerCache cache, SchedulingQueue queue, CancellationToken ct)
    {
        await foreach (var e in _pods.Events(ct))
        {
            var pod = e.Object;
            var assigned = pod.Spec?.NodeName is { Length: > 0 };
            if (e.Type == InformerEventType.Deleted)
            {
                if (assigned)
                {
                    cache.RemovePod(pod);
                    queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodDelete);
                }
                else
                {
                    queue.Delete(pod);
                }
                continue;
            }
            if (assigned)
            {
                if (e.Old is { Spec.NodeName: null or "" } pending) queue.Delete(pending);
                if (pod.Status?.Phase is "Succeeded" or "Failed")
                {
                    cache.RemovePod(pod);
                    queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodDelete);
                }
                else if (!IsStatusOnly(e.Old, pod))
                {
                    cache.AddPod(pod);
                    queue.MoveAllToActiveOrBackoffQueue(e.Type == InformerEventType.Added ? ClusterEvent.AssignedPodAdd : ClusterEvent.AssignedPodUpdate);
                }
            }
            else if (IsMine(pod) && pod.Metadata?.DeletionTimestamp is null)
            {
                if (e.Type == InformerEventType.Added) queue.Add(pod);
                else queue.Update(e.Old, pod);
            }
        }
    }

    /// <summary>A bound pod's update that leaves its node and labels alone (status, mostly): nothing the scheduler counts changed.</summary>
    private static bool IsStatusOnly(Pod? old, Pod pod)
    {
        if (old?.Spec?.NodeName != pod.Spec?.NodeName || old?.Status?.Phase is "Succeeded" or "Failed") return false;
        var (a, b) = (old?.Metadata?.Labels, pod.Metadata?.Labels);
        return (a?.Count ?? 0) == (b?.Count ?? 0) && (a is null || a.All(kv => b!.TryGetValue(kv.Key, out var v) && v == kv.Value));
    }

    private bool IsMine(Pod pod) => (pod.Spec?.SchedulerName is { Length: > 0 } name ? name : SchedulerOptions.DefaultSchedulerName) == options.SchedulerName;

    private static async Task ExpireAssumedAsync(SchedulerCache cache, TimeProvider time, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct)) cache.CleanupExpired();
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduling pods for {SchedulerName} (fairness between namespaces: {Fairness})")]
    private static partial void LogStarted(ILogger logger, string schedulerName, bool fairness);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Binding {Namespace}/{Name} to {Node} failed: {Error}")]
    private static partial void LogBindFailed(ILogger logger, string @namespace, string name, string node, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Preemption for {Namespace}/{Name} failed: {Error}")]
    private static partial void LogPreemptionFailed(ILogger logger, string @namespace, string name, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not set PodScheduled=False on {Namespace}/{Name}: {Error}")]
    private static partial void LogConditionFailed(ILogger logger, string @namespace, string name, string error);
}
