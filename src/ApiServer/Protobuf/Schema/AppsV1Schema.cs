// Field numbers and JSON names are facts of the Kubernetes v1.32 wire protocol (k8s.io/api and
// k8s.io/apimachinery generated.proto / Go struct tags); this table is our own transcription of them.
using static Cluster.ApiServer.Protobuf.FieldOptions;

namespace Cluster.ApiServer.Protobuf.Schema;

/// <summary>Protobuf message descriptors for apps.v1: field number, JSON name, value kind.</summary>
internal static class AppsV1Schema
{
    public static void Register(SchemaBuilder b)
    {
        b.Add("apps.v1.DaemonSet")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "spec", "apps.v1.DaemonSetSpec")
            .Msg(3, "status", "apps.v1.DaemonSetStatus");

        b.Add("apps.v1.DaemonSetCondition")
            .Str(1, "type", KeepZero)
            .Str(2, "status", KeepZero)
            .Time(3, "lastTransitionTime")
            .Str(4, "reason")
            .Str(5, "message");

        b.Add("apps.v1.DaemonSetSpec")
            .Msg(1, "selector", "meta.v1.LabelSelector")
            .Msg(2, "template", "core.v1.PodTemplateSpec")
            .Msg(3, "updateStrategy", "apps.v1.DaemonSetUpdateStrategy")
            .Int32(4, "minReadySeconds")
            .Int32(6, "revisionHistoryLimit", KeepZero);

        b.Add("apps.v1.DaemonSetStatus")
            .Int32(1, "currentNumberScheduled", KeepZero)
            .Int32(2, "numberMisscheduled", KeepZero)
            .Int32(3, "desiredNumberScheduled", KeepZero)
            .Int32(4, "numberReady", KeepZero)
            .Int64(5, "observedGeneration")
            .Int32(6, "updatedNumberScheduled")
            .Int32(7, "numberAvailable")
            .Int32(8, "numberUnavailable")
            .Int32(9, "collisionCount", KeepZero)
            .Msg(10, "conditions", "apps.v1.DaemonSetCondition", Repeated);

        b.Add("apps.v1.DaemonSetUpdateStrategy")
            .Str(1, "type")
            .Msg(2, "rollingUpdate", "apps.v1.RollingUpdateDaemonSet");

        b.Add("apps.v1.Deployment")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "spec", "apps.v1.DeploymentSpec")
            .Msg(3, "status", "apps.v1.DeploymentStatus");

        b.Add("apps.v1.DeploymentCondition")
            .Str(1, "type", KeepZero)
            .Str(2, "status", KeepZero)
            .Time(6, "lastUpdateTime")
            .Time(7, "lastTransitionTime")
            .Str(4, "reason")
            .Str(5, "message");

        b.Add("apps.v1.DeploymentSpec")
            .Int32(1, "replicas", KeepZero)
            .Msg(2, "selector", "meta.v1.LabelSelector")
            .Msg(3, "template", "core.v1.PodTemplateSpec")
            .Msg(4, "strategy", "apps.v1.DeploymentStrategy")
            .Int32(5, "minReadySeconds")
            .Int32(6, "revisionHistoryLimit", KeepZero)
            .Bool(7, "paused")
            .Int32(9, "progressDeadlineSeconds", KeepZero);

        b.Add("apps.v1.DeploymentStatus")
            .Int64(1, "observedGeneration")
            .Int32(2, "replicas")
            .Int32(3, "updatedReplicas")
            .Int32(7, "readyReplicas")
            .Int32(4, "availableReplicas")
            .Int32(5, "unavailableReplicas")
            .Msg(6, "conditions", "apps.v1.DeploymentCondition", Repeated)
            .Int32(8, "collisionCount", KeepZero);

        b.Add("apps.v1.DeploymentStrategy")
            .Str(1, "type")
            .Msg(2, "rollingUpdate", "apps.v1.RollingUpdateDeployment");

        b.Add("apps.v1.ReplicaSet")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "spec", "apps.v1.ReplicaSetSpec")
            .Msg(3, "status", "apps.v1.ReplicaSetStatus");

        b.Add("apps.v1.ReplicaSetCondition")
            .Str(1, "type", KeepZero)
            .Str(2, "status", KeepZero)
            .Time(3, "lastTransitionTime")
            .Str(4, "reason")
            .Str(5, "message");

        b.Add("apps.v1.ReplicaSetSpec")
            .Int32(1, "replicas", KeepZero)
            .Int32(4, "minReadySeconds")
            .Msg(2, "selector", "meta.v1.LabelSelector")
            .Msg(3, "template", "core.v1.PodTemplateSpec");

        b.Add("apps.v1.ReplicaSetStatus")
            .Int32(1, "replicas", KeepZero)
            .Int32(2, "fullyLabeledReplicas")
            .Int32(4, "readyReplicas")
            .Int32(5, "availableReplicas")
            .Int64(3, "observedGeneration")
            .Msg(6, "conditions", "apps.v1.ReplicaSetCondition", Repeated);

        b.Add("apps.v1.RollingUpdateDaemonSet")
            .IntOrString(1, "maxUnavailable")
            .IntOrString(2, "maxSurge");

        b.Add("apps.v1.RollingUpdateDeployment")
            .IntOrString(1, "maxUnavailable")
            .IntOrString(2, "maxSurge");

        b.Add("apps.v1.RollingUpdateStatefulSetStrategy")
            .Int32(1, "partition", KeepZero)
            .IntOrString(2, "maxUnavailable");

        b.Add("apps.v1.StatefulSet")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "spec", "apps.v1.StatefulSetSpec")
            .Msg(3, "status", "apps.v1.StatefulSetStatus");

        b.Add("apps.v1.StatefulSetCondition")
            .Str(1, "type", KeepZero)
            .Str(2, "status", KeepZero)
            .Time(3, "lastTransitionTime")
            .Str(4, "reason")
            .Str(5, "message");

        b.Add("apps.v1.StatefulSetOrdinals")
            .Int32(1, "start", KeepZero);

        b.Add("apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy")
            .Str(1, "whenDeleted")
            .Str(2, "whenScaled");

        b.Add("apps.v1.StatefulSetSpec")
            .Int32(1, "replicas", KeepZero)
            .Msg(2, "selector", "meta.v1.LabelSelector")
            .Msg(3, "template", "core.v1.PodTemplateSpec")
            .Msg(4, "volumeClaimTemplates", "core.v1.PersistentVolumeClaim", Repeated)
            .Str(5, "serviceName", KeepZero)
            .Str(6, "podManagementPolicy")
            .Msg(7, "updateStrategy", "apps.v1.StatefulSetUpdateStrategy")
            .Int32(8, "revisionHistoryLimit", KeepZero)
            .Int32(9, "minReadySeconds")
            .Msg(10, "persistentVolumeClaimRetentionPolicy", "apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy")
            .Msg(11, "ordinals", "apps.v1.StatefulSetOrdinals");

        b.Add("apps.v1.StatefulSetStatus")
            .Int64(1, "observedGeneration")
            .Int32(2, "replicas", KeepZero)
            .Int32(3, "readyReplicas")
            .Int32(4, "currentReplicas")
            .Int32(5, "updatedReplicas")
            .Str(6, "currentRevision")
            .Str(7, "updateRevision")
            .Int32(9, "collisionCount", KeepZero)
            .Msg(10, "conditions", "apps.v1.StatefulSetCondition", Repeated)
            .Int32(11, "availableReplicas", KeepZero);

        b.Add("apps.v1.StatefulSetUpdateStrategy")
            .Str(1, "type")
            .Msg(2, "rollingUpdate", "apps.v1.RollingUpdateStatefulSetStrategy");
    }
}
