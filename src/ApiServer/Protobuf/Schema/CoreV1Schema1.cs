// Field numbers and JSON names are facts of the Kubernetes v1.32 wire protocol (k8s.io/api and
// k8s.io/apimachinery generated.proto / Go struct tags); this table is our own transcription of them.
using static Cluster.ApiServer.Protobuf.FieldOptions;

namespace Cluster.ApiServer.Protobuf.Schema;

/// <summary>Protobuf message descriptors for core.v1 (part 1): field number, JSON name, value kind.</summary>
internal static class CoreV1Schema1
{
    public static void Register(SchemaBuilder b)
    {
        b.Add("core.v1.AWSElasticBlockStoreVolumeSource")
            .Str(1, "volumeID", KeepZero)
            .Str(2, "fsType")
            .Int32(3, "partition")
            .Bool(4, "readOnly");

        b.Add("core.v1.Affinity")
            .Msg(1, "nodeAffinity", "core.v1.NodeAffinity")
            .Msg(2, "podAffinity", "core.v1.PodAffinity")
            .Msg(3, "podAntiAffinity", "core.v1.PodAntiAffinity");

        b.Add("core.v1.AppArmorProfile")
            .Str(1, "type", KeepZero)
            .Str(2, "localhostProfile", KeepZero);

        b.Add("core.v1.AzureDiskVolumeSource")
            .Str(1, "diskName", KeepZero)
            .Str(2, "diskURI", KeepZero)
            .Str(3, "cachingMode", KeepZero)
            .Str(4, "fsType", KeepZero)
            .Bool(5, "readOnly", KeepZero)
            .Str(6, "kind", KeepZero);

        b.Add("core.v1.AzureFileVolumeSource")
            .Str(1, "secretName", KeepZero)
            .Str(2, "shareName", KeepZero)
            .Bool(3, "readOnly");

        b.Add("core.v1.CSIVolumeSource")
            .Str(1, "driver", KeepZero)
            .Bool(2, "readOnly", KeepZero)
            .Str(3, "fsType", KeepZero)
            .Str(4, "volumeAttributes", Map)
            .Msg(5, "nodePublishSecretRef", "core.v1.LocalObjectReference");

        b.Add("core.v1.Capabilities")
            .Str(1, "add", Repeated)
            .Str(2, "drop", Repeated);

        b.Add("core.v1.CephFSVolumeSource")
            .Str(1, "monitors", Repeated)
            .Str(2, "path")
            .Str(3, "user")
            .Str(4, "secretFile")
            .Msg(5, "secretRef", "core.v1.LocalObjectReference")
            .Bool(6, "readOnly");

        b.Add("core.v1.CinderVolumeSource")
            .Str(1, "volumeID", KeepZero)
            .Str(2, "fsType")
            .Bool(3, "readOnly")
            .Msg(4, "secretRef", "core.v1.LocalObjectReference");

        b.Add("core.v1.ClientIPConfig")
            .Int32(1, "timeoutSeconds", KeepZero);

        b.Add("core.v1.ClusterTrustBundleProjection")
            .Str(1, "name", KeepZero)
            .Str(2, "signerName", KeepZero)
            .Msg(3, "labelSelector", "meta.v1.LabelSelector")
            .Bool(5, "optional", KeepZero)
            .Str(4, "path", KeepZero);

        b.Add("core.v1.ConfigMap")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Bool(4, "immutable", KeepZero)
            .Str(2, "data", Map)
            .Bytes(3, "binaryData", Map);

        b.Add("core.v1.ConfigMapEnvSource")
            .Inline(1, "core.v1.LocalObjectReference")
            .Bool(2, "optional", KeepZero);

        b.Add("core.v1.ConfigMapKeySelector")
            .Inline(1, "core.v1.LocalObjectReference")
            .Str(2, "key", KeepZero)
            .Bool(3, "optional", KeepZero);

        b.Add("core.v1.ConfigMapProjection")
            .Inline(1, "core.v1.LocalObjectReference")
            .Msg(2, "items", "core.v1.KeyToPath", Repeated)
            .Bool(4, "optional", KeepZero);

        b.Add("core.v1.ConfigMapVolumeSource")
            .Inline(1, "core.v1.LocalObjectReference")
            .Msg(2, "items", "core.v1.KeyToPath", Repeated)
            .Int32(3, "defaultMode", KeepZero)
            .Bool(4, "optional", KeepZero);

        b.Add("core.v1.Container")
            .Str(1, "name", KeepZero)
            .Str(2, "image")
            .Str(3, "command", Repeated)
            .Str(4, "args", Repeated)
            .Str(5, "workingDir")
            .Msg(6, "ports", "core.v1.ContainerPort", Repeated)
            .Msg(19, "envFrom", "core.v1.EnvFromSource", Repeated)
            .Msg(7, "env", "core.v1.EnvVar", Repeated)
            .Msg(8, "resources", "core.v1.ResourceRequirements")
            .Msg(23, "resizePolicy", "core.v1.ContainerResizePolicy", Repeated)
            .Str(24, "restartPolicy", KeepZero)
            .Msg(9, "volumeMounts", "core.v1.VolumeMount", Repeated)
            .Msg(21, "volumeDevices", "core.v1.VolumeDevice", Repeated)
            .Msg(10, "livenessProbe", "core.v1.Probe")
            .Msg(11, "readinessProbe", "core.v1.Probe")
            .Msg(22, "startupProbe", "core.v1.Probe")
            .Msg(12, "lifecycle", "core.v1.Lifecycle")
            .Str(13, "terminationMessagePath")
            .Str(20, "terminationMessagePolicy")
            .Str(14, "imagePullPolicy")
            .Msg(15, "securityContext", "core.v1.SecurityContext")
            .Bool(16, "stdin")
            .Bool(17, "stdinOnce")
            .Bool(18, "tty");

        b.Add("core.v1.ContainerPort")
            .Str(1, "name")
            .Int32(2, "hostPort")
            .Int32(3, "containerPort", KeepZero)
            .Str(4, "protocol")
            .Str(5, "hostIP");

        b.Add("core.v1.ContainerResizePolicy")
            .Str(1, "resourceName", KeepZero)
            .Str(2, "restartPolicy", KeepZero);

        b.Add("core.v1.ContainerState")
            .Msg(1, "waiting", "core.v1.ContainerStateWaiting")
            .Msg(2, "running", "core.v1.ContainerStateRunning")
            .Msg(3, "terminated", "core.v1.ContainerStateTerminated");

        b.Add("core.v1.ContainerStateRunning")
            .Time(1, "startedAt");

        b.Add("core.v1.ContainerStateTerminated")
            .Int32(1, "exitCode", KeepZero)
            .Int32(2, "signal")
            .Str(3, "reason")
            .Str(4, "message")
            .Time(5, "startedAt")
            .Time(6, "finishedAt")
            .Str(7, "containerID");

        b.Add("core.v1.ContainerStateWaiting")
            .Str(1, "reason")
            .Str(2, "message");

        b.Add("core.v1.ContainerStatus")
            .Str(1, "name", KeepZero)
            .Msg(2, "state", "core.v1.ContainerState")
            .Msg(3, "lastState", "core.v1.ContainerState")
            .Bool(4, "ready", KeepZero)
            .Int32(5, "restartCount", KeepZero)
            .Str(6, "image", KeepZero)
            .Str(7, "imageID", KeepZero)
            .Str(8, "containerID")
            .Bool(9, "started", KeepZero)
            .Quantity(10, "allocatedResources", Map)
            .Msg(11, "resources", "core.v1.ResourceRequirements")
            .Msg(12, "volumeMounts", "core.v1.VolumeMountStatus", Repeated)
            .Msg(13, "user", "core.v1.ContainerUser")
            .Msg(14, "allocatedResourcesStatus", "core.v1.ResourceStatus", Repeated);

        b.Add("core.v1.ContainerUser")
            .Msg(1, "linux", "core.v1.LinuxContainerUser");

        b.Add("core.v1.DownwardAPIProjection")
            .Msg(1, "items", "core.v1.DownwardAPIVolumeFile", Repeated);

        b.Add("core.v1.DownwardAPIVolumeFile")
            .Str(1, "path", KeepZero)
            .Msg(2, "fieldRef", "core.v1.ObjectFieldSelector")
            .Msg(3, "resourceFieldRef", "core.v1.ResourceFieldSelector")
            .Int32(4, "mode", KeepZero);

        b.Add("core.v1.DownwardAPIVolumeSource")
            .Msg(1, "items", "core.v1.DownwardAPIVolumeFile", Repeated)
            .Int32(2, "defaultMode", KeepZero);

        b.Add("core.v1.EmptyDirVolumeSource")
            .Str(1, "medium")
            .Quantity(2, "sizeLimit");

        b.Add("core.v1.EndpointAddress")
            .Str(1, "ip", KeepZero)
            .Str(3, "hostname")
            .Str(4, "nodeName", KeepZero)
            .Msg(2, "targetRef", "core.v1.ObjectReference");

        b.Add("core.v1.EndpointPort")
            .Str(1, "name")
            .Int32(2, "port", KeepZero)
            .Str(3, "protocol")
            .Str(4, "appProtocol", KeepZero);

        b.Add("core.v1.EndpointSubset")
            .Msg(1, "addresses", "core.v1.EndpointAddress", Repeated)
            .Msg(2, "notReadyAddresses", "core.v1.EndpointAddress", Repeated)
            .Msg(3, "ports", "core.v1.EndpointPort", Repeated);

        b.Add("core.v1.Endpoints")
            .Msg(1, "metadata", "meta.v1.ObjectMeta")
            .Msg(2, "subsets", "core.v1.EndpointSubset", Repeated);

        b.Add("core.v1.EnvFromSource")
            .Str(1, "prefix")
            .Msg(2, "configMapRef", "core.v1.ConfigMapEnvSource")
            .Msg(3, "secretRef", "core.v1.SecretEnvSource");

        b.Add("core.v1.EnvVar")
            .Str(1, "name", KeepZero)
            .Str(2, "value")
            .Msg(3, "valueFrom", "core.v1.EnvVarSource");

        b.Add("core.v1.EnvVarSource")
            .Msg(1, "fieldRef", "core.v1.ObjectFieldSelector")
            .Msg(2, "resourceFieldRef", "core.v1.ResourceFieldSelector")
            .Msg(3, "configMapKeyRef", "core.v1.ConfigMapKeySelector")
            .Msg(4, "secretKeyRef", "core.v1.SecretKeySelector");

        b.Add("core.v1.EphemeralContainer")
            .Inline(1, "core.v1.EphemeralContainerCommon")
            .Str(2, "targetContainerName");

        b.Add("core.v1.EphemeralContainerCommon")
            .Str(1, "name", KeepZero)
            .Str(2, "image")
            .Str(3, "command", Repeated)
            .Str(4, "args", Repeated)
            .Str(5, "workingDir")
            .Msg(6, "ports", "core.v1.ContainerPort", Repeated)
            .Msg(19, "envFrom", "core.v1.EnvFromSource", Repeated)
            .Msg(7, "env", "core.v1.EnvVar", Repeated)
            .Msg(8, "resources", "core.v1.ResourceRequirements")
            .Msg(23, "resizePolicy", "core.v1.ContainerResizePolicy", Repeated)
            .Str(24, "restartPolicy", KeepZero)
            .Msg(9, "volumeMounts", "core.v1.VolumeMount", Repeated)
            .Msg(21, "volumeDevices", "core.v1.VolumeDevice", Repeated)
            .Msg(10, "livenessProbe", "core.v1.Probe")
            .Msg(11, "readinessProbe", "core.v1.Probe")
            .Msg(22, "startupProbe", "core.v1.Probe")
            .Msg(12, "lifecycle", "core.v1.Lifecycle")
            .Str(13, "terminationMessagePath")
            .Str(20, "terminationMessagePolicy")
            .Str(14, "imagePullPolicy")
            .Msg(15, "securityContext", "core.v1.SecurityContext")
            .Bool(16, "stdin")
            .Bool(17, "stdinOnce")
            .Bool(18, "tty");
    }
}
