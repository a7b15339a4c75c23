// Field numbers and JSON names are facts of the Kubernetes v1.32 wire protocol (k8s.io/api and
// k8s.io/apimachinery generated.proto / Go struct tags); this table is our own transcription of them.
using static Cluster.ApiServer.Protobuf.FieldOptions;

namespace Cluster.ApiServer.Protobuf.Schema;

/// <summary>Protobuf message descriptors for scheduling.v1: field number, JSON name, value kind.</summary>
internal static class SchedulingV1Schema
{
    public static void Register(SchemaBuilder b)
    {
        b.Add("scheduling.v1.PriorityClass")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Int32(2, "value", KeepZero)
            .Bool(3, "globalDefault")
            .Str(4, "description")
            .Str(5, "preemptionPolicy", KeepZero);
    }
}
