// Field numbers and JSON names are facts of the Kubernetes v1.32 wire protocol (k8s.io/api and
// k8s.io/apimachinery generated.proto / Go struct tags); this table is our own transcription of them.
using static Cluster.ApiServer.Protobuf.FieldOptions;

namespace Cluster.ApiServer.Protobuf.Schema;

/// <summary>Protobuf message descriptors for autoscaling.v1: field number, JSON name, value kind.</summary>
internal static class AutoscalingV1Schema
{
    public static void Register(SchemaBuilder b)
    {
        b.Add("autoscaling.v1.CrossVersionObjectReference")
            .Str(1, "kind", KeepZero)
            .Str(2, "name", KeepZero)
            .Str(3, "apiVersion");

        b.Add("autoscaling.v1.HorizontalPodAutoscaler")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "spec", "autoscaling.v1.HorizontalPodAutoscalerSpec")
            .Msg(3, "status", "autoscaling.v1.HorizontalPodAutoscalerStatus");

        b.Add("autoscaling.v1.HorizontalPodAutoscalerSpec")
            .Msg(1, "scaleTargetRef", "autoscaling.v1.CrossVersionObjectReference")
            .Int32(2, "minReplicas", KeepZero)
            .Int32(3, "maxReplicas", KeepZero)
            .Int32(4, "targetCPUUtilizationPercentage", KeepZero);

        b.Add("autoscaling.v1.HorizontalPodAutoscalerStatus")
            .Int64(1, "observedGeneration", KeepZero)
            .Time(2, "lastScaleTime", KeepZero)
            .Int32(3, "currentReplicas", KeepZero)
            .Int32(4, "desiredReplicas", KeepZero)
            .Int32(5, "currentCPUUtilizationPercentage", KeepZero);
    }
}
