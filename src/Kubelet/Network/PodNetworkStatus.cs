using System.Net;

namespace Cluster.Kubelet.Network;

/// <summary>What a wired sandbox got: its address (the pod's status.podIP), the gateway, and its interface inside the netns.</summary>
public sealed record PodNetworkStatus(IPAddress PodIp, IPAddress Gateway, string InterfaceName);
