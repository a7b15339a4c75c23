namespace Cluster.ApiServer.Protobuf.Schema;

/// <summary>The built-in schema: every message table, and the top-level kinds (apiVersion, kind) whose protobuf
/// bodies the decoder accepts.</summary>
internal static class BuiltInSchema
{
    public static ProtobufSchema Build()
    {
        var b = new SchemaBuilder();
        CoreV1Schema1.Register(b);
        CoreV1Schema2.Register(b);
        CoreV1Schema3.Register(b);
        CoreV1Schema4.Register(b);
        MetaV1Schema.Register(b);
        AppsV1Schema.Register(b);
        BatchV1Schema.Register(b);
        RbacV1Schema.Register(b);
        PolicyV1Schema.Register(b);
        NetworkingV1Schema.Register(b);
        SchedulingV1Schema.Register(b);
        AutoscalingV1Schema.Register(b);
        AutoscalingV2Schema.Register(b);
        AuthenticationV1Schema.Register(b);

        b.Kind("v1", "Namespace", "core.v1.Namespace");
        b.Kind("v1", "ConfigMap", "core.v1.ConfigMap");
        b.Kind("v1", "Secret", "core.v1.Secret");
        b.Kind("v1", "Service", "core.v1.Service");
        b.Kind("v1", "ServiceAccount", "core.v1.ServiceAccount");
        b.Kind("v1", "ResourceQuota", "core.v1.ResourceQuota");
        b.Kind("v1", "Pod", "core.v1.Pod");
        b.Kind("v1", "PodTemplate", "core.v1.PodTemplate");
        b.Kind("v1", "PersistentVolumeClaim", "core.v1.PersistentVolumeClaim");
        b.Kind("v1", "LimitRange", "core.v1.LimitRange");
        b.Kind("v1", "Endpoints", "core.v1.Endpoints");
        b.Kind("v1", "ReplicationController", "core.v1.ReplicationController");
        b.Kind("apps/v1", "Deployment", "apps.v1.Deployment");
        b.Kind("apps/v1", "ReplicaSet", "apps.v1.ReplicaSet");
        b.Kind("apps/v1", "StatefulSet", "apps.v1.StatefulSet");
        b.Kind("apps/v1", "DaemonSet", "apps.v1.DaemonSet");
        b.Kind("batch/v1", "Job", "batch.v1.Job");
        b.Kind("batch/v1", "CronJob", "batch.v1.CronJob");
        b.Kind("rbac.authorization.k8s.io/v1", "Role", "rbac.v1.Role");
        b.Kind("rbac.authorization.k8s.io/v1", "ClusterRole", "rbac.v1.ClusterRole");
        b.Kind("rbac.authorization.k8s.io/v1", "RoleBinding", "rbac.v1.RoleBinding");
        b.Kind("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "rbac.v1.ClusterRoleBinding");
        b.Kind("policy/v1", "PodDisruptionBudget", "policy.v1.PodDisruptionBudget");
        b.Kind("networking.k8s.io/v1", "Ingress", "networking.v1.Ingress");
        b.Kind("networking.k8s.io/v1", "IngressClass", "networking.v1.IngressClass");
        b.Kind("networking.k8s.io/v1", "NetworkPolicy", "networking.v1.NetworkPolicy");
        b.Kind("scheduling.k8s.io/v1", "PriorityClass", "scheduling.v1.PriorityClass");
        b.Kind("autoscaling/v1", "HorizontalPodAutoscaler", "autoscaling.v1.HorizontalPodAutoscaler");
        b.Kind("autoscaling/v2", "HorizontalPodAutoscaler", "autoscaling.v2.HorizontalPodAutoscaler");
        b.Kind("authentication.k8s.io/v1", "TokenRequest", "authentication.v1.TokenRequest");
        return b.Build();
    }
}
