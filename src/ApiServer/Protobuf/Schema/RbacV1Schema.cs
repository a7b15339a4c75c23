// Field numbers and JSON names are facts of the Kubernetes v1.32 wire protocol (k8s.io/api and
// k8s.io/apimachinery generated.proto / Go struct tags); this table is our own transcription of them.
using static Cluster.ApiServer.Protobuf.FieldOptions;

namespace Cluster.ApiServer.Protobuf.Schema;

/// <summary>Protobuf message descriptors for rbac.v1: field number, JSON name, value kind.</summary>
internal static class RbacV1Schema
{
    public static void Register(SchemaBuilder b)
    {
        b.Add("rbac.v1.AggregationRule")
            .Msg(1, "clusterRoleSelectors", "meta.v1.LabelSelector", Repeated);

        b.Add("rbac.v1.ClusterRole")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "rules", "rbac.v1.PolicyRule", Repeated)
            .Msg(3, "aggregationRule", "rbac.v1.AggregationRule");

        b.Add("rbac.v1.ClusterRoleBinding")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "subjects", "rbac.v1.Subject", Repeated)
            .Msg(3, "roleRef", "rbac.v1.RoleRef");

        b.Add("rbac.v1.PolicyRule")
            .Str(1, "verbs", Repeated)
            .Str(2, "apiGroups", Repeated)
            .Str(3, "resources", Repeated)
            .Str(4, "resourceNames", Repeated)
            .Str(5, "nonResourceURLs", Repeated);

        b.Add("rbac.v1.Role")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "rules", "rbac.v1.PolicyRule", Repeated);

        b.Add("rbac.v1.RoleBinding")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "subjects", "rbac.v1.Subject", Repeated)
            .Msg(3, "roleRef", "rbac.v1.RoleRef");

        b.Add("rbac.v1.RoleRef")
            .Str(1, "apiGroup", KeepZero)
            .Str(2, "kind", KeepZero)
            .Str(3, "name", KeepZero);

        b.Add("rbac.v1.Subject")
            .Str(1, "kind", KeepZero)
            .Str(2, "apiGroup")
            .Str(3, "name", KeepZero)
            .Str(4, "namespace");
    }
}
