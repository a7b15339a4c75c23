// Field numbers and JSON names are facts of the Kubernetes v1.32 wire protocol (k8s.io/api and
// k8s.io/apimachinery generated.proto / Go struct tags); this table is our own transcription of them.
using static Cluster.ApiServer.Protobuf.FieldOptions;

namespace Cluster.ApiServer.Protobuf.Schema;

/// <summary>Protobuf message descriptors for batch.v1: field number, JSON name, value kind.</summary>
internal static class BatchV1Schema
{
    public static void Register(SchemaBuilder b)
    {
        b.Add("batch.v1.CronJob")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "spec", "batch.v1.CronJobSpec")
            .Msg(3, "status", "batch.v1.CronJobStatus");

        b.Add("batch.v1.CronJobSpec")
            .Str(1, "schedule", KeepZero)
            .Str(8, "timeZone", KeepZero)
            .Int64(2, "startingDeadlineSeconds", KeepZero)
            .Str(3, "concurrencyPolicy")
            .Bool(4, "suspend", KeepZero)
            .Msg(5, "jobTemplate", "batch.v1.JobTemplateSpec")
            .Int32(6, "successfulJobsHistoryLimit", KeepZero)
            .Int32(7, "failedJobsHistoryLimit", KeepZero);

        b.Add("batch.v1.CronJobStatus")
            .Msg(1, "active", "core.v1.ObjectReference", Repeated)
            .Time(4, "lastScheduleTime", KeepZero)
            .Time(5, "lastSuccessfulTime", KeepZero);

        b.Add("batch.v1.Job")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "spec", "batch.v1.JobSpec")
            .Msg(3, "status", "batch.v1.JobStatus");

        b.Add("batch.v1.JobCondition")
            .Str(1, "type", KeepZero)
            .Str(2, "status", KeepZero)
            .Time(3, "lastProbeTime")
            .Time(4, "lastTransitionTime")
            .Str(5, "reason")
            .Str(6, "message");

        b.Add("batch.v1.JobSpec")
            .Int32(1, "parallelism", KeepZero)
            .Int32(2, "completions", KeepZero)
            .Int64(3, "activeDeadlineSeconds", KeepZero)
            .Msg(11, "podFailurePolicy", "batch.v1.PodFailurePolicy")
            .Msg(16, "successPolicy", "batch.v1.SuccessPolicy")
            .Int32(7, "backoffLimit", KeepZero)
            .Int32(12, "backoffLimitPerIndex", KeepZero)
            .Int32(13, "maxFailedIndexes", KeepZero)
            .Msg(4, "selector", "meta.v1.LabelSelector")
            .Bool(5, "manualSelector", KeepZero)
            .Msg(6, "template", "core.v1.PodTemplateSpec")
            .Int32(8, "ttlSecondsAfterFinished", KeepZero)
            .Str(9, "completionMode", KeepZero)
            .Bool(10, "suspend", KeepZero)
            .Str(14, "podReplacementPolicy", KeepZero)
            .Str(15, "managedBy", KeepZero);

        b.Add("batch.v1.JobStatus")
            .Msg(1, "conditions", "batch.v1.JobCondition", Repeated)
            .Time(2, "startTime", KeepZero)
            .Time(3, "completionTime", KeepZero)
            .Int32(4, "active")
            .Int32(5, "succeeded")
            .Int32(6, "failed")
            .Int32(11, "terminating", KeepZero)
            .Str(7, "completedIndexes")
            .Str(10, "failedIndexes", KeepZero)
            .Msg(8, "uncountedTerminatedPods", "batch.v1.UncountedTerminatedPods")
            .Int32(9, "ready", KeepZero);

        b.Add("batch.v1.JobTemplateSpec")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "spec", "batch.v1.JobSpec");

        b.Add("batch.v1.PodFailurePolicy")
            .Msg(1, "rules", "batch.v1.PodFailurePolicyRule", Repeated);

        b.Add("batch.v1.PodFailurePolicyOnExitCodesRequirement")
            .Str(1, "containerName", KeepZero)
            .Str(2, "operator", KeepZero)
            .Int32(3, "values", Repeated);

        b.Add("batch.v1.PodFailurePolicyOnPodConditionsPattern")
            .Str(1, "type", KeepZero)
            .Str(2, "status", KeepZero);

        b.Add("batch.v1.PodFailurePolicyRule")
            .Str(1, "action", KeepZero)
            .Msg(2, "onExitCodes", "batch.v1.PodFailurePolicyOnExitCodesRequirement")
            .Msg(3, "onPodConditions", "batch.v1.PodFailurePolicyOnPodConditionsPattern", Repeated);

        b.Add("batch.v1.SuccessPolicy")
            .Msg(1, "rules", "batch.v1.SuccessPolicyRule", Repeated);

        b.Add("batch.v1.SuccessPolicyRule")
            .Str(1, "succeededIndexes", KeepZero)
            .Int32(2, "succeededCount", KeepZero);

        b.Add("batch.v1.UncountedTerminatedPods")
            .Str(1, "succeeded", Repeated)
            .Str(2, "failed", Repeated);
    }
}
