namespace Cluster.Kubelet.Network;

/// <summary>
/// A container port published on the node (a container port with <c>hostPort</c> set). <paramref name="Protocol"/> is
/// TCP, UDP or SCTP (empty means TCP); <paramref name="HostIp"/> null, empty or 0.0.0.0 means every node address.
/// </summary>
public sealed record HostPortMapping(int HostPort, int ContainerPort, string Protocol, string? HostIp);
