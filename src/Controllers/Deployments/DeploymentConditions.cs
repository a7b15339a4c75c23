using Cluster.Api.Apps.V1;

namespace Cluster.Controllers.Deployments;

/// <summary>The Available, Progressing and ReplicaFailure conditions, with upstream's reasons and messages.</summary>
public static class DeploymentConditions
{
    public const string Available = "Available";
    public const string Progressing = "Progressing";
    public const string ReplicaFailure = "ReplicaFailure";

    public const string NewReplicaSetCreated = "NewReplicaSetCreated";
    public const string FoundNewReplicaSet = "FoundNewReplicaSet";
    public const string ReplicaSetUpdated = "ReplicaSetUpdated";
    public const string NewReplicaSetAvailable = "NewReplicaSetAvailable";
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";
    public const string DeploymentPaused = "DeploymentPaused";
    public const string DeploymentResumed = "DeploymentResumed";

    public static DeploymentCondition? Get(DeploymentStatus? status, string type) => status?.Conditions?.FirstOrDefault(c => c.Type == type);

    public static DeploymentCondition New(string type, string status, string reason, string message, DateTimeOffset now) => new()
    {
        Type = type, Status = status, Reason = reason, Message = message, LastUpdateTime = now, LastTransitionTime = now,
    };

    /// <summary>
    /// SetDeploymentCondition: an existing condition of the same status and reason is kept as it is; of the same status
    /// and another reason it keeps its lastTransitionTime.
    /// </summary>
    public static DeploymentStatus Set(DeploymentStatus status, DeploymentCondition condition)
    {
        var current = Get(status, condition.Type!);
        if (current is not null && current.Status == condition.Status && current.Reason == condition.Reason) return status;
        if (current is not null && current.Status == condition.Status) condition = condition with { LastTransitionTime = current.LastTransitionTime };
        return Remove(status, condition.Type!) is var rest ? rest with { Conditions = [.. rest.Conditions ?? [], condition] } : status;
    }

    public static DeploymentStatus Remove(DeploymentStatus status, string type) =>
        status with { Conditions = status.Conditions?.Where(c => c.Type != type).ToList() is { Count: > 0 } left ? left : null };
}
