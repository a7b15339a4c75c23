namespace Cluster.Controllers.Deployments;

/// <summary>The annotations and labels the deployment controller and kubectl's rollout commands share with upstream.</summary>
public static class DeploymentAnnotations
{
    public const string Revision = "deployment.kubernetes.io/revision";
    public const string RevisionHistory = "deployment.kubernetes.io/revision-history";
    public const string DesiredReplicas = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicas = "deployment.kubernetes.io/max-replicas";
    public const string ChangeCause = "kubernetes.io/change-cause";
    public const string PodTemplateHash = "pod-template-hash";
    public const string LastAppliedConfig = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>Deployment annotations that are not copied to its ReplicaSets.</summary>
    public static bool Skipped(string key) =>
        key is LastAppliedConfig or Revision or RevisionHistory or DesiredReplicas or MaxReplicas;
}
