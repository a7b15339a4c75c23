namespace Cluster.ApiServer.Errors;

/// <summary>A resource within its group, printed as Kubernetes prints it in messages: <c>pods</c>, <c>deployments.apps</c>.</summary>
public readonly record struct GroupResource(string Group, string Resource)
{
    public override string ToString() => Group.Length == 0 ? Resource : $"{Resource}.{Group}";
}
