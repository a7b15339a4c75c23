// Field numbers and JSON names are facts of the Kubernetes v1.32 wire protocol (k8s.io/api and
// k8s.io/apimachinery generated.proto / Go struct tags); this table is our own transcription of them.
using static Cluster.ApiServer.Protobuf.FieldOptions;

namespace Cluster.ApiServer.Protobuf.Schema;

/// <summary>Protobuf message descriptors for core.v1 (part 3): field number, JSON name, value kind.</summary>
internal static class CoreV1Schema3
{
    public static void Register(SchemaBuilder b)
    {
        b.Add("core.v1.PodAntiAffinity")
            .Msg(1, "requiredDuringSchedulingIgnoredDuringExecution", "core.v1.PodAffinityTerm", Repeated)
            .Msg(2, "preferredDuringSchedulingIgnoredDuringExecution", "core.v1.WeightedPodAffinityTerm", Repeated);

        b.Add("core.v1.PodCondition")
            .Str(1, "type", KeepZero)
            .Str(2, "status", KeepZero)
            .Time(3, "lastProbeTime")
            .Time(4, "lastTransitionTime")
            .Str(5, "reason")
            .Str(6, "message");

        b.Add("core.v1.PodDNSConfig")
            .Str(1, "nameservers", Repeated)
            .Str(2, "searches", Repeated)
            .Msg(3, "options", "core.v1.PodDNSConfigOption", Repeated);

        b.Add("core.v1.PodDNSConfigOption")
            .Str(1, "name")
            .Str(2, "value", KeepZero);

        b.Add("core.v1.PodIP")
            .Str(1, "ip", KeepZero);

        b.Add("core.v1.PodOS")
            .Str(1, "name", KeepZero);

        b.Add("core.v1.PodReadinessGate")
            .Str(1, "conditionType", KeepZero);

        b.Add("core.v1.PodResourceClaim")
            .Str(1, "name", KeepZero)
            .Str(3, "resourceClaimName", KeepZero)
            .Str(4, "resourceClaimTemplateName", KeepZero);

        b.Add("core.v1.PodResourceClaimStatus")
            .Str(1, "name", KeepZero)
            .Str(2, "resourceClaimName", KeepZero);

        b.Add("core.v1.PodSchedulingGate")
            .Str(1, "name", KeepZero);

        b.Add("core.v1.PodSecurityContext")
            .Msg(1, "seLinuxOptions", "core.v1.SELinuxOptions")
            .Msg(8, "windowsOptions", "core.v1.WindowsSecurityContextOptions")
            .Int64(2, "runAsUser", KeepZero)
            .Int64(6, "runAsGroup", KeepZero)
            .Bool(3, "runAsNonRoot", KeepZero)
            .Int64(4, "supplementalGroups", Repeated)
            .Str(12, "supplementalGroupsPolicy", KeepZero)
            .Int64(5, "fsGroup", KeepZero)
            .Msg(7, "sysctls", "core.v1.Sysctl", Repeated)
            .Str(9, "fsGroupChangePolicy", KeepZero)
            .Msg(10, "seccompProfile", "core.v1.SeccompProfile")
            .Msg(11, "appArmorProfile", "core.v1.AppArmorProfile")
            .Str(13, "seLinuxChangePolicy", KeepZero);

        b.Add("core.v1.PodSpec")
            .Msg(1, "volumes", "core.v1.Volume", Repeated)
            .Msg(20, "initContainers", "core.v1.Container", Repeated)
            .Msg(2, "containers", "core.v1.Container", Repeated)
            .Msg(34, "ephemeralContainers", "core.v1.EphemeralContainer", Repeated)
            .Str(3, "restartPolicy")
            .Int64(4, "terminationGracePeriodSeconds", KeepZero)
            .Int64(5, "activeDeadlineSeconds", KeepZero)
            .Str(6, "dnsPolicy")
            .Str(7, "nodeSelector", Map)
            .Str(8, "serviceAccountName")
            .Str(9, "serviceAccount")
            .Bool(21, "automountServiceAccountToken", KeepZero)
            .Str(10, "nodeName")
            .Bool(11, "hostNetwork")
            .Bool(12, "hostPID")
            .Bool(13, "hostIPC")
            .Bool(27, "shareProcessNamespace", KeepZero)
            .Msg(14, "securityContext", "core.v1.PodSecurityContext")
            .Msg(15, "imagePullSecrets", "core.v1.LocalObjectReference", Repeated)
            .Str(16, "hostname")
            .Str(17, "subdomain")
            .Msg(18, "affinity", "core.v1.Affinity")
            .Str(19, "schedulerName")
            .Msg(22, "tolerations", "core.v1.Toleration", Repeated)
            .Msg(23, "hostAliases", "core.v1.HostAlias", Repeated)
            .Str(24, "priorityClassName")
            .Int32(25, "priority", KeepZero)
            .Msg(26, "dnsConfig", "core.v1.PodDNSConfig")
            .Msg(28, "readinessGates", "core.v1.PodReadinessGate", Repeated)
            .Str(29, "runtimeClassName", KeepZero)
            .Bool(30, "enableServiceLinks", KeepZero)
            .Str(31, "preemptionPolicy", KeepZero)
            .Quantity(32, "overhead", Map)
            .Msg(33, "topologySpreadConstraints", "core.v1.TopologySpreadConstraint", Repeated)
            .Bool(35, "setHostnameAsFQDN", KeepZero)
            .Msg(36, "os", "core.v1.PodOS")
            .Bool(37, "hostUsers", KeepZero)
            .Msg(38, "schedulingGates", "core.v1.PodSchedulingGate", Repeated)
            .Msg(39, "resourceClaims", "core.v1.PodResourceClaim", Repeated)
            .Msg(40, "resources", "core.v1.ResourceRequirements");

        b.Add("core.v1.PodStatus")
            .Str(1, "phase")
            .Msg(2, "conditions", "core.v1.PodCondition", Repeated)
            .Str(3, "message")
            .Str(4, "reason")
            .Str(11, "nominatedNodeName")
            .Str(5, "hostIP")
            .Msg(16, "hostIPs", "core.v1.HostIP", Repeated)
            .Str(6, "podIP")
            .Msg(12, "podIPs", "core.v1.PodIP", Repeated)
            .Time(7, "startTime", KeepZero)
            .Msg(10, "initContainerStatuses", "core.v1.ContainerStatus", Repeated)
            .Msg(8, "containerStatuses", "core.v1.ContainerStatus", Repeated)
            .Str(9, "qosClass")
            .Msg(13, "ephemeralContainerStatuses", "core.v1.ContainerStatus", Repeated)
            .Str(14, "resize")
            .Msg(15, "resourceClaimStatuses", "core.v1.PodResourceClaimStatus", Repeated);

        b.Add("core.v1.PodTemplate")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "template", "core.v1.PodTemplateSpec");

        b.Add("core.v1.PodTemplateSpec")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "spec", "core.v1.PodSpec");

        b.Add("core.v1.PortStatus")
            .Int32(1, "port", KeepZero)
            .Str(2, "protocol", KeepZero)
            .Str(3, "error", KeepZero);

        b.Add("core.v1.PortworxVolumeSource")
            .Str(1, "volumeID", KeepZero)
            .Str(2, "fsType")
            .Bool(3, "readOnly");

        b.Add("core.v1.PreferredSchedulingTerm")
            .Int32(1, "weight", KeepZero)
            .Msg(2, "preference", "core.v1.NodeSelectorTerm");

        b.Add("core.v1.Probe")
            .Inline(1, "core.v1.ProbeHandler")
            .Int32(2, "initialDelaySeconds")
            .Int32(3, "timeoutSeconds")
            .Int32(4, "periodSeconds")
            .Int32(5, "successThreshold")
            .Int32(6, "failureThreshold")
            .Int64(7, "terminationGracePeriodSeconds", KeepZero);

        b.Add("core.v1.ProbeHandler")
            .Msg(1, "exec", "core.v1.ExecAction")
            .Msg(2, "httpGet", "core.v1.HTTPGetAction")
            .Msg(3, "tcpSocket", "core.v1.TCPSocketAction")
            .Msg(4, "grpc", "core.v1.GRPCAction");

        b.Add("core.v1.ProjectedVolumeSource")
            .Msg(1, "sources", "core.v1.VolumeProjection", Repeated)
            .Int32(2, "defaultMode", KeepZero);

        b.Add("core.v1.QuobyteVolumeSource")
            .Str(1, "registry", KeepZero)
            .Str(2, "volume", KeepZero)
            .Bool(3, "readOnly")
            .Str(4, "user")
            .Str(5, "group")
            .Str(6, "tenant");

        b.Add("core.v1.RBDVolumeSource")
            .Str(1, "monitors", Repeated)
            .Str(2, "image", KeepZero)
            .Str(3, "fsType")
            .Str(4, "pool")
            .Str(5, "user")
            .Str(6, "keyring")
            .Msg(7, "secretRef", "core.v1.LocalObjectReference")
            .Bool(8, "readOnly");

        b.Add("core.v1.ReplicationController")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "spec", "core.v1.ReplicationControllerSpec")
            .Msg(3, "status", "core.v1.ReplicationControllerStatus");

        b.Add("core.v1.ReplicationControllerCondition")
            .Str(1, "type", KeepZero)
            .Str(2, "status", KeepZero)
            .Time(3, "lastTransitionTime")
            .Str(4, "reason")
            .Str(5, "message");

        b.Add("core.v1.ReplicationControllerSpec")
            .Int32(1, "replicas", KeepZero)
            .Int32(4, "minReadySeconds")
            .Str(2, "selector", Map)
            .Msg(3, "template", "core.v1.PodTemplateSpec");

        b.Add("core.v1.ReplicationControllerStatus")
            .Int32(1, "replicas", KeepZero)
            .Int32(2, "fullyLabeledReplicas")
            .Int32(4, "readyReplicas")
            .Int32(5, "availableReplicas")
            .Int64(3, "observedGeneration")
            .Msg(6, "conditions", "core.v1.ReplicationControllerCondition", Repeated);

        b.Add("core.v1.ResourceClaim")
            .Str(1, "name", KeepZero)
            .Str(2, "request");

        b.Add("core.v1.ResourceFieldSelector")
            .Str(1, "containerName")
            .Str(2, "resource", KeepZero)
            .Quantity(3, "divisor");

        b.Add("core.v1.ResourceHealth")
            .Str(1, "resourceID", KeepZero)
            .Str(2, "health");

        b.Add("core.v1.ResourceQuota")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "spec", "core.v1.ResourceQuotaSpec")
            .Msg(3, "status", "core.v1.ResourceQuotaStatus");

        b.Add("core.v1.ResourceQuotaSpec")
            .Quantity(1, "hard", Map)
            .Str(2, "scopes", Repeated)
            .Msg(3, "scopeSelector", "core.v1.ScopeSelector");

        b.Add("core.v1.ResourceQuotaStatus")
            .Quantity(1, "hard", Map)
            .Quantity(2, "used", Map);

        b.Add("core.v1.ResourceRequirements")
            .Quantity(1, "limits", Map)
            .Quantity(2, "requests", Map)
            .Msg(3, "claims", "core.v1.ResourceClaim", Repeated);

        b.Add("core.v1.ResourceStatus")
            .Str(1, "name", KeepZero)
            .Msg(2, "resources", "core.v1.ResourceHealth", Repeated);

        b.Add("core.v1.SELinuxOptions")
            .Str(1, "user")
            .Str(2, "role")
            .Str(3, "type")
            .Str(4, "level");
    }
}
