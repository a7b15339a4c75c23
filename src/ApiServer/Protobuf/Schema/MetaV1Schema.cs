// Field numbers and JSON names are facts of the Kubernetes v1.32 wire protocol (k8s.io/api and
// k8s.io/apimachinery generated.proto / Go struct tags); this table is our own transcription of them.
using static Cluster.ApiServer.Protobuf.FieldOptions;

namespace Cluster.ApiServer.Protobuf.Schema;

/// <summary>Protobuf message descriptors for meta.v1: field number, JSON name, value kind.</summary>
internal static class MetaV1Schema
{
    public static void Register(SchemaBuilder b)
    {
        b.Add("meta.v1.Condition")
            .Str(1, "type", KeepZero)
            .Str(2, "status", KeepZero)
            .Int64(3, "observedGeneration")
            .Time(4, "lastTransitionTime")
            .Str(5, "reason", KeepZero)
            .Str(6, "message", KeepZero);

        b.Add("meta.v1.LabelSelector")
            .Str(1, "matchLabels", Map)
            .Msg(2, "matchExpressions", "meta.v1.LabelSelectorRequirement", Repeated);

        b.Add("meta.v1.LabelSelectorRequirement")
            .Str(1, "key", KeepZero)
            .Str(2, "operator", KeepZero)
            .Str(3, "values", Repeated);

        b.Add("meta.v1.ManagedFieldsEntry")
            .Str(1, "manager")
            .Str(2, "operation")
            .Str(3, "apiVersion")
            .Time(4, "time", KeepZero)
            .Str(6, "fieldsType")
            .RawJson(7, "fieldsV1")
            .Str(8, "subresource");

        b.Add("meta.v1.ObjectMeta")
            .Str(1, "name")
            .Str(2, "generateName")
            .Str(3, "namespace")
            .Str(4, "selfLink")
            .Str(5, "uid")
            .Str(6, "resourceVersion")
            .Int64(7, "generation")
            .Time(8, "creationTimestamp")
            .Time(9, "deletionTimestamp", KeepZero)
            .Int64(10, "deletionGracePeriodSeconds", KeepZero)
            .Str(11, "labels", Map)
            .Str(12, "annotations", Map)
            .Msg(13, "ownerReferences", "meta.v1.OwnerReference", Repeated)
            .Str(14, "finalizers", Repeated)
            .Msg(17, "managedFields", "meta.v1.ManagedFieldsEntry", Repeated);

        b.Add("meta.v1.OwnerReference")
            .Str(5, "apiVersion", KeepZero)
            .Str(1, "kind", KeepZero)
            .Str(3, "name", KeepZero)
            .Str(4, "uid", KeepZero)
            .Bool(6, "controller", KeepZero)
            .Bool(7, "blockOwnerDeletion", KeepZero);
    }
}
