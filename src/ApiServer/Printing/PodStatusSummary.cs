using System.Globalization;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Printing;

/// <summary>
/// What <c>kubectl get pods</c> shows for one pod, derived the way the upstream pod printer derives it:
/// ready/total containers (sidecar init containers, i.e. those with restartPolicy Always, count as containers),
/// the STATUS reason, and the restart count with the time of the latest restart.
/// </summary>
internal sealed record PodStatusSummary(int Ready, int Total, string Reason, long Restarts, DateTimeOffset? LastRestart)
{
    public static PodStatusSummary Of(JsonObject pod)
    {
        var spec = JsonRead.Obj(pod, "spec");
        var status = JsonRead.Obj(pod, "status");
        var phase = JsonRead.Text(status, "phase");
        var reason = phase;
        var statusReason = JsonRead.Text(status, "reason");
        if (statusReason.Length > 0)
        {
            reason = statusReason;
        }
        if (JsonRead.Objects(status, "conditions").Any(c =>
                JsonRead.Text(c, "type") == "PodScheduled" && JsonRead.Text(c, "reason") == "SchedulingGated"))
        {
            reason = "SchedulingGated";
        }

        var initSpecs = JsonRead.Objects(spec, "initContainers").ToList();
        var sidecars = initSpecs.Where(c => JsonRead.Text(c, "restartPolicy") == "Always")
            .Select(c => JsonRead.Text(c, "name")).ToHashSet(StringComparer.Ordinal);
        var total = JsonRead.Count(spec, "containers") + sidecars.Count;
        var ready = 0;
        long restarts = 0, sidecarRestarts = 0;
        DateTimeOffset? lastRestart = null, lastSidecarRestart = null;

        var initializing = false;
        var initStatuses = JsonRead.Objects(status, "initContainerStatuses").ToList();
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var c = initStatuses[i];
            var finished = JsonRead.Time(c, "lastState", "terminated", "finishedAt");
            restarts += JsonRead.Long(c, "restartCount") ?? 0;
            lastRestart = Later(lastRestart, finished);
            var isSidecar = sidecars.Contains(JsonRead.Text(c, "name"));
            if (isSidecar)
            {
                sidecarRestarts += JsonRead.Long(c, "restartCount") ?? 0;
                lastSidecarRestart = Later(lastSidecarRestart, finished);
            }

            var terminated = JsonRead.Obj(c, "state", "terminated");
            var waitingReason = JsonRead.Text(c, "state", "waiting", "reason");
            if (terminated is not null && (JsonRead.Long(terminated, "exitCode") ?? 0) == 0)
            {
                continue;
            }
            if (isSidecar && JsonRead.Bool(c, "started") == true)
            {
                if (JsonRead.Bool(c, "ready") == true)
                {
                    ready++;
                }
                continue;
            }
            if (terminated is not null)
            {
                var terminatedReason = JsonRead.Text(terminated, "reason");
                reason = terminatedReason.Length > 0 ? "Init:" + terminatedReason : "Init:" + ExitText(terminated);
            }
            else if (waitingReason.Length > 0 && waitingReason != "PodInitializing")
            {
                reason = "Init:" + waitingReason;
            }
            else
            {
                reason = "Init:" + Str(i) + "/" + Str(initSpecs.Count);
            }
            initializing = true;
            break;
        }

        if (!initializing || HasTrueCondition(status, "Initialized"))
        {
            // Once initialised, only sidecar restarts still matter among the init containers.
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            var hasRunning = false;
            var statuses = JsonRead.Objects(status, "containerStatuses").ToList();
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var c = statuses[i];
                restarts += JsonRead.Long(c, "restartCount") ?? 0;
                lastRestart = Later(lastRestart, JsonRead.Time(c, "lastState", "terminated", "finishedAt"));
                var waitingReason = JsonRead.Text(c, "state", "waiting", "reason");
                var terminated = JsonRead.Obj(c, "state", "terminated");
                if (waitingReason.Length > 0)
                {
                    reason = waitingReason;
                }
                else if (terminated is not null)
                {
                    var terminatedReason = JsonRead.Text(terminated, "reason");
                    reason = terminatedReason.Length > 0 ? terminatedReason : ExitText(terminated);
                }
                else if (JsonRead.Bool(c, "ready") == true && JsonRead.Obj(c, "state", "running") is not null)
                {
                    hasRunning = true;
                    ready++;
                }
            }

            if (reason == "Completed" && hasRunning)
            {
                reason = HasTrueCondition(status, "Ready") ? "Running" : "NotReady";
            }
        }

        if (PrinterCells.IsDeleting(pod))
        {
            if (statusReason == "NodeLost")
            {
                reason = "Unknown";
            }
            else if (phase is not ("Succeeded" or "Failed"))
            {
                reason = "Terminating";
            }
        }

        return new PodStatusSummary(ready, total, reason, restarts, lastRestart);
    }

    private static string ExitText(JsonObject terminated)
    {
        var signal = JsonRead.Long(terminated, "signal") ?? 0;
        return signal != 0
            ? "Signal:" + Str(signal)
            : "ExitCode:" + Str(JsonRead.Long(terminated, "exitCode") ?? 0);
    }

    private static bool HasTrueCondition(JsonObject? status, string type) =>
        JsonRead.Objects(status, "conditions").Any(c =>
            JsonRead.Text(c, "type") == type && JsonRead.Text(c, "status") == "True");

    private static DateTimeOffset? Later(DateTimeOffset? current, DateTimeOffset? candidate) =>
        candidate is { } c && (current is null || current < c) ? c : current;

    private static string Str(long value) => value.ToString(CultureInfo.InvariantCulture);
}
