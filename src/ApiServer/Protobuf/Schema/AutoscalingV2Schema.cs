// Field numbers and JSON names are facts of the Kubernetes v1.32 wire protocol (k8s.io/api and
// k8s.io/apimachinery generated.proto / Go struct tags); this table is our own transcription of them.
using static Cluster.ApiServer.Protobuf.FieldOptions;

namespace Cluster.ApiServer.Protobuf.Schema;

/// <summary>Protobuf message descriptors for autoscaling.v2: field number, JSON name, value kind.</summary>
internal static class AutoscalingV2Schema
{
    public static void Register(SchemaBuilder b)
    {
        b.Add("autoscaling.v2.ContainerResourceMetricSource")
            .Str(1, "name", KeepZero)
            .Msg(2, "target", "autoscaling.v2.MetricTarget")
            .Str(3, "container", KeepZero);

        b.Add("autoscaling.v2.ContainerResourceMetricStatus")
            .Str(1, "name", KeepZero)
            .Msg(2, "current", "autoscaling.v2.MetricValueStatus")
            .Str(3, "container", KeepZero);

        b.Add("autoscaling.v2.CrossVersionObjectReference")
            .Str(1, "kind", KeepZero)
            .Str(2, "name", KeepZero)
            .Str(3, "apiVersion");

        b.Add("autoscaling.v2.ExternalMetricSource")
            .Msg(1, "metric", "autoscaling.v2.MetricIdentifier")
            .Msg(2, "target", "autoscaling.v2.MetricTarget");

        b.Add("autoscaling.v2.ExternalMetricStatus")
            .Msg(1, "metric", "autoscaling.v2.MetricIdentifier")
            .Msg(2, "current", "autoscaling.v2.MetricValueStatus");

        b.Add("autoscaling.v2.HPAScalingPolicy")
            .Str(1, "type", KeepZero)
            .Int32(2, "value", KeepZero)
            .Int32(3, "periodSeconds", KeepZero);

        b.Add("autoscaling.v2.HPAScalingRules")
            .Int32(3, "stabilizationWindowSeconds", KeepZero)
            .Str(1, "selectPolicy", KeepZero)
            .Msg(2, "policies", "autoscaling.v2.HPAScalingPolicy", Repeated);

        b.Add("autoscaling.v2.HorizontalPodAutoscaler")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "spec", "autoscaling.v2.HorizontalPodAutoscalerSpec")
            .Msg(3, "status", "autoscaling.v2.HorizontalPodAutoscalerStatus");

        b.Add("autoscaling.v2.HorizontalPodAutoscalerBehavior")
            .Msg(1, "scaleUp", "autoscaling.v2.HPAScalingRules")
            .Msg(2, "scaleDown", "autoscaling.v2.HPAScalingRules");

        b.Add("autoscaling.v2.HorizontalPodAutoscalerCondition")
            .Str(1, "type", KeepZero)
            .Str(2, "status", KeepZero)
            .Time(3, "lastTransitionTime")
            .Str(4, "reason")
            .Str(5, "message");

        b.Add("autoscaling.v2.HorizontalPodAutoscalerSpec")
            .Msg(1, "scaleTargetRef", "autoscaling.v2.CrossVersionObjectReference")
            .Int32(2, "minReplicas", KeepZero)
            .Int32(3, "maxReplicas", KeepZero)
            .Msg(4, "metrics", "autoscaling.v2.MetricSpec", Repeated)
            .Msg(5, "behavior", "autoscaling.v2.HorizontalPodAutoscalerBehavior");

        b.Add("autoscaling.v2.HorizontalPodAutoscalerStatus")
            .Int64(1, "observedGeneration", KeepZero)
            .Time(2, "lastScaleTime", KeepZero)
            .Int32(3, "currentReplicas")
            .Int32(4, "desiredReplicas", KeepZero)
            .Msg(5, "currentMetrics", "autoscaling.v2.MetricStatus", Repeated)
            .Msg(6, "conditions", "autoscaling.v2.HorizontalPodAutoscalerCondition", Repeated);

        b.Add("autoscaling.v2.MetricIdentifier")
            .Str(1, "name", KeepZero)
            .Msg(2, "selector", "meta.v1.LabelSelector");

        b.Add("autoscaling.v2.MetricSpec")
            .Str(1, "type", KeepZero)
            .Msg(2, "object", "autoscaling.v2.ObjectMetricSource")
            .Msg(3, "pods", "autoscaling.v2.PodsMetricSource")
            .Msg(4, "resource", "autoscaling.v2.ResourceMetricSource")
            .Msg(7, "containerResource", "autoscaling.v2.ContainerResourceMetricSource")
            .Msg(5, "external", "autoscaling.v2.ExternalMetricSource");

        b.Add("autoscaling.v2.MetricStatus")
            .Str(1, "type", KeepZero)
            .Msg(2, "object", "autoscaling.v2.ObjectMetricStatus")
            .Msg(3, "pods", "autoscaling.v2.PodsMetricStatus")
            .Msg(4, "resource", "autoscaling.v2.ResourceMetricStatus")
            .Msg(7, "containerResource", "autoscaling.v2.ContainerResourceMetricStatus")
            .Msg(5, "external", "autoscaling.v2.ExternalMetricStatus");

        b.Add("autoscaling.v2.MetricTarget")
            .Str(1, "type", KeepZero)
            .Quantity(2, "value")
            .Quantity(3, "averageValue")
            .Int32(4, "averageUtilization", KeepZero);

        b.Add("autoscaling.v2.MetricValueStatus")
            .Quantity(1, "value")
            .Quantity(2, "averageValue")
            .Int32(3, "averageUtilization", KeepZero);

        b.Add("autoscaling.v2.ObjectMetricSource")
            .Msg(1, "describedObject", "autoscaling.v2.CrossVersionObjectReference")
            .Msg(2, "target", "autoscaling.v2.MetricTarget")
            .Msg(3, "metric", "autoscaling.v2.MetricIdentifier");

        b.Add("autoscaling.v2.ObjectMetricStatus")
            .Msg(1, "metric", "autoscaling.v2.MetricIdentifier")
            .Msg(2, "current", "autoscaling.v2.MetricValueStatus")
            .Msg(3, "describedObject", "autoscaling.v2.CrossVersionObjectReference");

        b.Add("autoscaling.v2.PodsMetricSource")
            .Msg(1, "metric", "autoscaling.v2.MetricIdentifier")
            .Msg(2, "target", "autoscaling.v2.MetricTarget");

        b.Add("autoscaling.v2.PodsMetricStatus")
            .Msg(1, "metric", "autoscaling.v2.MetricIdentifier")
            .Msg(2, "current", "autoscaling.v2.MetricValueStatus");

        b.Add("autoscaling.v2.ResourceMetricSource")
            .Str(1, "name", KeepZero)
            .Msg(2, "target", "autoscaling.v2.MetricTarget");

        b.Add("autoscaling.v2.ResourceMetricStatus")
            .Str(1, "name", KeepZero)
            .Msg(2, "current", "autoscaling.v2.MetricValueStatus");
    }
}
