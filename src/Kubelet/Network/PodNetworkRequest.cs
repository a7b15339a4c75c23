namespace Cluster.Kubelet.Network;

/// <summary>One sandbox to wire: its id (the key of its address and rules), the pod it belongs to, its named netns.</summary>
public sealed record PodNetworkRequest(string SandboxId, string PodNamespace, string PodName, string NetnsName, IReadOnlyList<HostPortMapping> PortMappings);
