// Field numbers and JSON names are facts of the Kubernetes v1.32 wire protocol (k8s.io/api and
// k8s.io/apimachinery generated.proto / Go struct tags); this table is our own transcription of them.
using static Cluster.ApiServer.Protobuf.FieldOptions;

namespace Cluster.ApiServer.Protobuf.Schema;

/// <summary>Protobuf message descriptors for core.v1 (part 4): field number, JSON name, value kind.</summary>
internal static class CoreV1Schema4
{
    public static void Register(SchemaBuilder b)
    {
        b.Add("core.v1.ScaleIOVolumeSource")
            .Str(1, "gateway", KeepZero)
            .Str(2, "system", KeepZero)
            .Msg(3, "secretRef", "core.v1.LocalObjectReference")
            .Bool(4, "sslEnabled")
            .Str(5, "protectionDomain")
            .Str(6, "storagePool")
            .Str(7, "storageMode")
            .Str(8, "volumeName")
            .Str(9, "fsType")
            .Bool(10, "readOnly");

        b.Add("core.v1.ScopeSelector")
            .Msg(1, "matchExpressions", "core.v1.ScopedResourceSelectorRequirement", Repeated);

        b.Add("core.v1.ScopedResourceSelectorRequirement")
            .Str(1, "scopeName", KeepZero)
            .Str(2, "operator", KeepZero)
            .Str(3, "values", Repeated);

        b.Add("core.v1.SeccompProfile")
            .Str(1, "type", KeepZero)
            .Str(2, "localhostProfile", KeepZero);

        b.Add("core.v1.Secret")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Bool(5, "immutable", KeepZero)
            .Bytes(2, "data", Map)
            .Str(4, "stringData", Map)
            .Str(3, "type");

        b.Add("core.v1.SecretEnvSource")
            .Inline(1, "core.v1.LocalObjectReference")
            .Bool(2, "optional", KeepZero);

        b.Add("core.v1.SecretKeySelector")
            .Inline(1, "core.v1.LocalObjectReference")
            .Str(2, "key", KeepZero)
            .Bool(3, "optional", KeepZero);

        b.Add("core.v1.SecretProjection")
            .Inline(1, "core.v1.LocalObjectReference")
            .Msg(2, "items", "core.v1.KeyToPath", Repeated)
            .Bool(4, "optional", KeepZero);

        b.Add("core.v1.SecretVolumeSource")
            .Str(1, "secretName")
            .Msg(2, "items", "core.v1.KeyToPath", Repeated)
            .Int32(3, "defaultMode", KeepZero)
            .Bool(4, "optional", KeepZero);

        b.Add("core.v1.SecurityContext")
            .Msg(1, "capabilities", "core.v1.Capabilities")
            .Bool(2, "privileged", KeepZero)
            .Msg(3, "seLinuxOptions", "core.v1.SELinuxOptions")
            .Msg(10, "windowsOptions", "core.v1.WindowsSecurityContextOptions")
            .Int64(4, "runAsUser", KeepZero)
            .Int64(8, "runAsGroup", KeepZero)
            .Bool(5, "runAsNonRoot", KeepZero)
            .Bool(6, "readOnlyRootFilesystem", KeepZero)
            .Bool(7, "allowPrivilegeEscalation", KeepZero)
            .Str(9, "procMount", KeepZero)
            .Msg(11, "seccompProfile", "core.v1.SeccompProfile")
            .Msg(12, "appArmorProfile", "core.v1.AppArmorProfile");

        b.Add("core.v1.Service")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "spec", "core.v1.ServiceSpec")
            .Msg(3, "status", "core.v1.ServiceStatus");

        b.Add("core.v1.ServiceAccount")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "secrets", "core.v1.ObjectReference", Repeated)
            .Msg(3, "imagePullSecrets", "core.v1.LocalObjectReference", Repeated)
            .Bool(4, "automountServiceAccountToken", KeepZero);

        b.Add("core.v1.ServiceAccountTokenProjection")
            .Str(1, "audience")
            .Int64(2, "expirationSeconds", KeepZero)
            .Str(3, "path", KeepZero);

        b.Add("core.v1.ServicePort")
            .Str(1, "name")
            .Str(2, "protocol")
            .Str(6, "appProtocol", KeepZero)
            .Int32(3, "port", KeepZero)
            .IntOrString(4, "targetPort")
            .Int32(5, "nodePort");

        b.Add("core.v1.ServiceSpec")
            .Msg(1, "ports", "core.v1.ServicePort", Repeated)
            .Str(2, "selector", Map)
            .Str(3, "clusterIP")
            .Str(18, "clusterIPs", Repeated)
            .Str(4, "type")
            .Str(5, "externalIPs", Repeated)
            .Str(7, "sessionAffinity")
            .Str(8, "loadBalancerIP")
            .Str(9, "loadBalancerSourceRanges", Repeated)
            .Str(10, "externalName")
            .Str(11, "externalTrafficPolicy")
            .Int32(12, "healthCheckNodePort")
            .Bool(13, "publishNotReadyAddresses")
            .Msg(14, "sessionAffinityConfig", "core.v1.SessionAffinityConfig")
            .Str(19, "ipFamilies", Repeated)
            .Str(17, "ipFamilyPolicy", KeepZero)
            .Bool(20, "allocateLoadBalancerNodePorts", KeepZero)
            .Str(21, "loadBalancerClass", KeepZero)
            .Str(22, "internalTrafficPolicy", KeepZero)
            .Str(23, "trafficDistribution", KeepZero);

        b.Add("core.v1.ServiceStatus")
            .Msg(1, "loadBalancer", "core.v1.LoadBalancerStatus")
            .Msg(2, "conditions", "meta.v1.Condition", Repeated);

        b.Add("core.v1.SessionAffinityConfig")
            .Msg(1, "clientIP", "core.v1.ClientIPConfig");

        b.Add("core.v1.SleepAction")
            .Int64(1, "seconds", KeepZero);

        b.Add("core.v1.StorageOSVolumeSource")
            .Str(1, "volumeName")
            .Str(2, "volumeNamespace")
            .Str(3, "fsType")
            .Bool(4, "readOnly")
            .Msg(5, "secretRef", "core.v1.LocalObjectReference");

        b.Add("core.v1.Sysctl")
            .Str(1, "name", KeepZero)
            .Str(2, "value", KeepZero);

        b.Add("core.v1.TCPSocketAction")
            .IntOrString(1, "port")
            .Str(2, "host");

        b.Add("core.v1.Toleration")
            .Str(1, "key")
            .Str(2, "operator")
            .Str(3, "value")
            .Str(4, "effect")
            .Int64(5, "tolerationSeconds", KeepZero);

        b.Add("core.v1.TopologySpreadConstraint")
            .Int32(1, "maxSkew", KeepZero)
            .Str(2, "topologyKey", KeepZero)
            .Str(3, "whenUnsatisfiable", KeepZero)
            .Msg(4, "labelSelector", "meta.v1.LabelSelector")
            .Int32(5, "minDomains", KeepZero)
            .Str(6, "nodeAffinityPolicy", KeepZero)
            .Str(7, "nodeTaintsPolicy", KeepZero)
            .Str(8, "matchLabelKeys", Repeated);

        b.Add("core.v1.TypedLocalObjectReference")
            .Str(1, "apiGroup", KeepZero)
            .Str(2, "kind", KeepZero)
            .Str(3, "name", KeepZero);

        b.Add("core.v1.TypedObjectReference")
            .Str(1, "apiGroup", KeepZero)
            .Str(2, "kind", KeepZero)
            .Str(3, "name", KeepZero)
            .Str(4, "namespace", KeepZero);

        b.Add("core.v1.Volume")
            .Str(1, "name", KeepZero)
            .Inline(2, "core.v1.VolumeSource");

        b.Add("core.v1.VolumeDevice")
            .Str(1, "name", KeepZero)
            .Str(2, "devicePath", KeepZero);

        b.Add("core.v1.VolumeMount")
            .Str(1, "name", KeepZero)
            .Bool(2, "readOnly")
            .Str(7, "recursiveReadOnly", KeepZero)
            .Str(3, "mountPath", KeepZero)
            .Str(4, "subPath")
            .Str(5, "mountPropagation", KeepZero)
            .Str(6, "subPathExpr");

        b.Add("core.v1.VolumeMountStatus")
            .Str(1, "name", KeepZero)
            .Str(2, "mountPath", KeepZero)
            .Bool(3, "readOnly")
            .Str(4, "recursiveReadOnly", KeepZero);

        b.Add("core.v1.VolumeProjection")
            .Msg(1, "secret", "core.v1.SecretProjection")
            .Msg(2, "downwardAPI", "core.v1.DownwardAPIProjection")
            .Msg(3, "configMap", "core.v1.ConfigMapProjection")
            .Msg(4, "serviceAccountToken", "core.v1.ServiceAccountTokenProjection")
            .Msg(5, "clusterTrustBundle", "core.v1.ClusterTrustBundleProjection");

        b.Add("core.v1.VolumeResourceRequirements")
            .Quantity(1, "limits", Map)
            .Quantity(2, "requests", Map);

        b.Add("core.v1.VolumeSource")
            .Msg(1, "hostPath", "core.v1.HostPathVolumeSource")
            .Msg(2, "emptyDir", "core.v1.EmptyDirVolumeSource")
            .Msg(3, "gcePersistentDisk", "core.v1.GCEPersistentDiskVolumeSource")
            .Msg(4, "awsElasticBlockStore", "core.v1.AWSElasticBlockStoreVolumeSource")
            .Msg(5, "gitRepo", "core.v1.GitRepoVolumeSource")
            .Msg(6, "secret", "core.v1.SecretVolumeSource")
            .Msg(7, "nfs", "core.v1.NFSVolumeSource")
            .Msg(8, "iscsi", "core.v1.ISCSIVolumeSource")
            .Msg(9, "glusterfs", "core.v1.GlusterfsVolumeSource")
            .Msg(10, "persistentVolumeClaim", "core.v1.PersistentVolumeClaimVolumeSource")
            .Msg(11, "rbd", "core.v1.RBDVolumeSource")
            .Msg(12, "flexVolume", "core.v1.FlexVolumeSource")
            .Msg(13, "cinder", "core.v1.CinderVolumeSource")
            .Msg(14, "cephfs", "core.v1.CephFSVolumeSource")
            .Msg(15, "flocker", "core.v1.FlockerVolumeSource")
            .Msg(16, "downwardAPI", "core.v1.DownwardAPIVolumeSource")
            .Msg(17, "fc", "core.v1.FCVolumeSource")
            .Msg(18, "azureFile", "core.v1.AzureFileVolumeSource")
            .Msg(19, "configMap", "core.v1.ConfigMapVolumeSource")
            .Msg(20, "vsphereVolume", "core.v1.VsphereVirtualDiskVolumeSource")
            .Msg(21, "quobyte", "core.v1.QuobyteVolumeSource")
            .Msg(22, "azureDisk", "core.v1.AzureDiskVolumeSource")
            .Msg(23, "photonPersistentDisk", "core.v1.PhotonPersistentDiskVolumeSource")
            .Msg(26, "projected", "core.v1.ProjectedVolumeSource")
            .Msg(24, "portworxVolume", "core.v1.PortworxVolumeSource")
            .Msg(25, "scaleIO", "core.v1.ScaleIOVolumeSource")
            .Msg(27, "storageos", "core.v1.StorageOSVolumeSource")
            .Msg(28, "csi", "core.v1.CSIVolumeSource")
            .Msg(29, "ephemeral", "core.v1.EphemeralVolumeSource")
            .Msg(30, "image", "core.v1.ImageVolumeSource");

        b.Add("core.v1.VsphereVirtualDiskVolumeSource")
            .Str(1, "volumePath", KeepZero)
            .Str(2, "fsType")
            .Str(3, "storagePolicyName")
            .Str(4, "storagePolicyID");

        b.Add("core.v1.WeightedPodAffinityTerm")
            .Int32(1, "weight", KeepZero)
            .Msg(2, "podAffinityTerm", "core.v1.PodAffinityTerm");

        b.Add("core.v1.WindowsSecurityContextOptions")
            .Str(1, "gmsaCredentialSpecName", KeepZero)
            .Str(2, "gmsaCredentialSpec", KeepZero)
            .Str(3, "runAsUserName", KeepZero)
            .Bool(4, "hostProcess", KeepZero);
    }
}
