// Field numbers and JSON names are facts of the Kubernetes v1.32 wire protocol (k8s.io/api and
// k8s.io/apimachinery generated.proto / Go struct tags); this table is our own transcription of them.
using static Cluster.ApiServer.Protobuf.FieldOptions;

namespace Cluster.ApiServer.Protobuf.Schema;

/// <summary>Protobuf message descriptors for core.v1 (part 2): field number, JSON name, value kind.</summary>
internal static class CoreV1Schema2
{
    public static void Register(SchemaBuilder b)
    {
        b.Add("core.v1.EphemeralVolumeSource")
            .Msg(1, "volumeClaimTemplate", "core.v1.PersistentVolumeClaimTemplate");

        b.Add("core.v1.ExecAction")
            .Str(1, "command", Repeated);

        b.Add("core.v1.FCVolumeSource")
            .Str(1, "targetWWNs", Repeated)
            .Int32(2, "lun", KeepZero)
            .Str(3, "fsType")
            .Bool(4, "readOnly")
            .Str(5, "wwids", Repeated);

        b.Add("core.v1.FlexVolumeSource")
            .Str(1, "driver", KeepZero)
            .Str(2, "fsType")
            .Msg(3, "secretRef", "core.v1.LocalObjectReference")
            .Bool(4, "readOnly")
            .Str(5, "options", Map);

        b.Add("core.v1.FlockerVolumeSource")
            .Str(1, "datasetName")
            .Str(2, "datasetUUID");

        b.Add("core.v1.GCEPersistentDiskVolumeSource")
            .Str(1, "pdName", KeepZero)
            .Str(2, "fsType")
            .Int32(3, "partition")
            .Bool(4, "readOnly");

        b.Add("core.v1.GRPCAction")
            .Int32(1, "port", KeepZero)
            .Str(2, "service", KeepZero);

        b.Add("core.v1.GitRepoVolumeSource")
            .Str(1, "repository", KeepZero)
            .Str(2, "revision")
            .Str(3, "directory");

        b.Add("core.v1.GlusterfsVolumeSource")
            .Str(1, "endpoints", KeepZero)
            .Str(2, "path", KeepZero)
            .Bool(3, "readOnly");

        b.Add("core.v1.HTTPGetAction")
            .Str(1, "path")
            .IntOrString(2, "port")
            .Str(3, "host")
            .Str(4, "scheme")
            .Msg(5, "httpHeaders", "core.v1.HTTPHeader", Repeated);

        b.Add("core.v1.HTTPHeader")
            .Str(1, "name", KeepZero)
            .Str(2, "value", KeepZero);

        b.Add("core.v1.HostAlias")
            .Str(1, "ip", KeepZero)
            .Str(2, "hostnames", Repeated);

        b.Add("core.v1.HostIP")
            .Str(1, "ip", KeepZero);

        b.Add("core.v1.HostPathVolumeSource")
            .Str(1, "path", KeepZero)
            .Str(2, "type", KeepZero);

        b.Add("core.v1.ISCSIVolumeSource")
            .Str(1, "targetPortal", KeepZero)
            .Str(2, "iqn", KeepZero)
            .Int32(3, "lun", KeepZero)
            .Str(4, "iscsiInterface")
            .Str(5, "fsType")
            .Bool(6, "readOnly")
            .Str(7, "portals", Repeated)
            .Bool(8, "chapAuthDiscovery")
            .Bool(11, "chapAuthSession")
            .Msg(10, "secretRef", "core.v1.LocalObjectReference")
            .Str(12, "initiatorName", KeepZero);

        b.Add("core.v1.ImageVolumeSource")
            .Str(1, "reference")
            .Str(2, "pullPolicy");

        b.Add("core.v1.KeyToPath")
            .Str(1, "key", KeepZero)
            .Str(2, "path", KeepZero)
            .Int32(3, "mode", KeepZero);

        b.Add("core.v1.Lifecycle")
            .Msg(1, "postStart", "core.v1.LifecycleHandler")
            .Msg(2, "preStop", "core.v1.LifecycleHandler");

        b.Add("core.v1.LifecycleHandler")
            .Msg(1, "exec", "core.v1.ExecAction")
            .Msg(2, "httpGet", "core.v1.HTTPGetAction")
            .Msg(3, "tcpSocket", "core.v1.TCPSocketAction")
            .Msg(4, "sleep", "core.v1.SleepAction");

        b.Add("core.v1.LimitRange")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "spec", "core.v1.LimitRangeSpec");

        b.Add("core.v1.LimitRangeItem")
            .Str(1, "type", KeepZero)
            .Quantity(2, "max", Map)
            .Quantity(3, "min", Map)
            .Quantity(4, "default", Map)
            .Quantity(5, "defaultRequest", Map)
            .Quantity(6, "maxLimitRequestRatio", Map);

        b.Add("core.v1.LimitRangeSpec")
            .Msg(1, "limits", "core.v1.LimitRangeItem", Repeated);

        b.Add("core.v1.LinuxContainerUser")
            .Int64(1, "uid", KeepZero)
            .Int64(2, "gid", KeepZero)
            .Int64(3, "supplementalGroups", Repeated);

        b.Add("core.v1.LoadBalancerIngress")
            .Str(1, "ip")
            .Str(2, "hostname")
            .Str(3, "ipMode", KeepZero)
            .Msg(4, "ports", "core.v1.PortStatus", Repeated);

        b.Add("core.v1.LoadBalancerStatus")
            .Msg(1, "ingress", "core.v1.LoadBalancerIngress", Repeated);

        b.Add("core.v1.LocalObjectReference")
            .Str(1, "name");

        b.Add("core.v1.ModifyVolumeStatus")
            .Str(1, "targetVolumeAttributesClassName")
            .Str(2, "status", KeepZero);

        b.Add("core.v1.NFSVolumeSource")
            .Str(1, "server", KeepZero)
            .Str(2, "path", KeepZero)
            .Bool(3, "readOnly");

        b.Add("core.v1.Namespace")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "spec", "core.v1.NamespaceSpec")
            .Msg(3, "status", "core.v1.NamespaceStatus");

        b.Add("core.v1.NamespaceCondition")
            .Str(1, "type", KeepZero)
            .Str(2, "status", KeepZero)
            .Time(4, "lastTransitionTime")
            .Str(5, "reason")
            .Str(6, "message");

        b.Add("core.v1.NamespaceSpec")
            .Str(1, "finalizers", Repeated);

        b.Add("core.v1.NamespaceStatus")
            .Str(1, "phase")
            .Msg(2, "conditions", "core.v1.NamespaceCondition", Repeated);

        b.Add("core.v1.NodeAffinity")
            .Msg(1, "requiredDuringSchedulingIgnoredDuringExecution", "core.v1.NodeSelector")
            .Msg(2, "preferredDuringSchedulingIgnoredDuringExecution", "core.v1.PreferredSchedulingTerm", Repeated);

        b.Add("core.v1.NodeSelector")
            .Msg(1, "nodeSelectorTerms", "core.v1.NodeSelectorTerm", Repeated);

        b.Add("core.v1.NodeSelectorRequirement")
            .Str(1, "key", KeepZero)
            .Str(2, "operator", KeepZero)
            .Str(3, "values", Repeated);

        b.Add("core.v1.NodeSelectorTerm")
            .Msg(1, "matchExpressions", "core.v1.NodeSelectorRequirement", Repeated)
            .Msg(2, "matchFields", "core.v1.NodeSelectorRequirement", Repeated);

        b.Add("core.v1.ObjectFieldSelector")
            .Str(1, "apiVersion")
            .Str(2, "fieldPath", KeepZero);

        b.Add("core.v1.ObjectReference")
            .Str(1, "kind")
            .Str(2, "namespace")
            .Str(3, "name")
            .Str(4, "uid")
            .Str(5, "apiVersion")
            .Str(6, "resourceVersion")
            .Str(7, "fieldPath");

        b.Add("core.v1.PersistentVolumeClaim")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "spec", "core.v1.PersistentVolumeClaimSpec")
            .Msg(3, "status", "core.v1.PersistentVolumeClaimStatus");

        b.Add("core.v1.PersistentVolumeClaimCondition")
            .Str(1, "type", KeepZero)
            .Str(2, "status", KeepZero)
            .Time(3, "lastProbeTime")
            .Time(4, "lastTransitionTime")
            .Str(5, "reason")
            .Str(6, "message");

        b.Add("core.v1.PersistentVolumeClaimSpec")
            .Str(1, "accessModes", Repeated)
            .Msg(4, "selector", "meta.v1.LabelSelector")
            .Msg(2, "resources", "core.v1.VolumeResourceRequirements")
            .Str(3, "volumeName")
            .Str(5, "storageClassName", KeepZero)
            .Str(6, "volumeMode", KeepZero)
            .Msg(7, "dataSource", "core.v1.TypedLocalObjectReference")
            .Msg(8, "dataSourceRef", "core.v1.TypedObjectReference")
            .Str(9, "volumeAttributesClassName", KeepZero);

        b.Add("core.v1.PersistentVolumeClaimStatus")
            .Str(1, "phase")
            .Str(2, "accessModes", Repeated)
            .Quantity(3, "capacity", Map)
            .Msg(4, "conditions", "core.v1.PersistentVolumeClaimCondition", Repeated)
            .Quantity(5, "allocatedResources", Map)
            .Str(7, "allocatedResourceStatuses", Map)
            .Str(8, "currentVolumeAttributesClassName", KeepZero)
            .Msg(9, "modifyVolumeStatus", "core.v1.ModifyVolumeStatus");

        b.Add("core.v1.PersistentVolumeClaimTemplate")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "spec", "core.v1.PersistentVolumeClaimSpec");

        b.Add("core.v1.PersistentVolumeClaimVolumeSource")
            .Str(1, "claimName", KeepZero)
            .Bool(2, "readOnly");

        b.Add("core.v1.PhotonPersistentDiskVolumeSource")
            .Str(1, "pdID", KeepZero)
            .Str(2, "fsType");

        b.Add("core.v1.Pod")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "spec", "core.v1.PodSpec")
            .Msg(3, "status", "core.v1.PodStatus");

        b.Add("core.v1.PodAffinity")
            .Msg(1, "requiredDuringSchedulingIgnoredDuringExecution", "core.v1.PodAffinityTerm", Repeated)
            .Msg(2, "preferredDuringSchedulingIgnoredDuringExecution", "core.v1.WeightedPodAffinityTerm", Repeated);

        b.Add("core.v1.PodAffinityTerm")
            .Msg(1, "labelSelector", "meta.v1.LabelSelector")
            .Str(2, "namespaces", Repeated)
            .Str(3, "topologyKey", KeepZero)
            .Msg(4, "namespaceSelector", "meta.v1.LabelSelector")
            .Str(5, "matchLabelKeys", Repeated)
            .Str(6, "mismatchLabelKeys", Repeated);
    }
}
