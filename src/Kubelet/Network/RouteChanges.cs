namespace Cluster.Kubelet.Network;

/// <summary>What brings the installed routes to the desired ones: routes to add or replace, destinations to delete.</summary>
public sealed record RouteChanges(IReadOnlyList<PodRoute> Replace, IReadOnlyList<string> Delete)
{
    public bool IsEmpty => Replace.Count == 0 && Delete.Count == 0;
}
