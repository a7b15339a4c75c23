using Cluster.Kubelet.Pods;

namespace Cluster.Kubelet.Cgroups;

/// <summary>Which cgroup hierarchy the host runs; detected once at start.</summary>
public enum CgroupVersion
{
    V1,
    V2,
}

/// <summary>
/// The kubelet's cgroupfs layout: Guaranteed pods directly under <c>/kubepods</c>, Burstable and BestEffort pods under
/// <c>/kubepods/burstable</c> and <c>/kubepods/besteffort</c>, each pod in <c>pod&lt;uid&gt;</c> and each container in a
/// cgroup named by its id (paths relative to a hierarchy root, as runc's linux.cgroupsPath takes them).
/// </summary>
public static class CgroupLayout
{
    public const string Root = "/sys/fs/cgroup";

    /// <summary>v2 (unified) when the root carries cgroup.controllers, else v1.</summary>
    public static CgroupVersion Detect(string root = Root) =>
        File.Exists(Path.Combine(root, "cgroup.controllers")) ? CgroupVersion.V2 : CgroupVersion.V1;

    /// <summary>The QoS-level parent of a pod of <paramref name="qosClass"/> (see <see cref="QosClasses"/>).</summary>
    public static string QosParent(string qosClass) => qosClass switch
    {
        QosClasses.Guaranteed => "/kubepods",
        QosClasses.Burstable => "/kubepods/burstable",
        _ => "/kubepods/besteffort",
    };

    public static string PodCgroup(string qosClass, string podUid) => $"{QosParent(qosClass)}/pod{podUid}";

    public static string ContainerCgroup(string qosClass, string podUid, string containerId) => $"{PodCgroup(qosClass, podUid)}/{containerId}";
}
