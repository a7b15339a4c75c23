namespace Cluster.Kubelet.Network;

/// <summary>A route as <c>ip -j route show</c> lists it: the destination as printed (a host route has no prefix) and the gateway, if any.</summary>
public readonly record struct InstalledRoute(string Destination, string? Gateway);
