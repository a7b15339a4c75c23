// Field numbers and JSON names are facts of the Kubernetes v1.32 wire protocol (k8s.io/api and
// k8s.io/apimachinery generated.proto / Go struct tags); this table is our own transcription of them.
using static Cluster.ApiServer.Protobuf.FieldOptions;

namespace Cluster.ApiServer.Protobuf.Schema;

/// <summary>Protobuf message descriptors for policy.v1: field number, JSON name, value kind.</summary>
internal static class PolicyV1Schema
{
    public static void Register(SchemaBuilder b)
    {
        b.Add("policy.v1.PodDisruptionBudget")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "spec", "policy.v1.PodDisruptionBudgetSpec")
            .Msg(3, "status", "policy.v1.PodDisruptionBudgetStatus");

        b.Add("policy.v1.PodDisruptionBudgetSpec")
            .IntOrString(1, "minAvailable")
            .Msg(2, "selector", "meta.v1.LabelSelector")
            .IntOrString(3, "maxUnavailable")
            .Str(4, "unhealthyPodEvictionPolicy", KeepZero);

        b.Add("policy.v1.PodDisruptionBudgetStatus")
            .Int64(1, "observedGeneration")
            .Time(2, "disruptedPods", Map)
            .Int32(3, "disruptionsAllowed", KeepZero)
            .Int32(4, "currentHealthy", KeepZero)
            .Int32(5, "desiredHealthy", KeepZero)
            .Int32(6, "expectedPods", KeepZero)
            .Msg(7, "conditions", "meta.v1.Condition", Repeated);
    }
}
