namespace Cluster.Kubelet.Server;

/// <summary>A pod's sandbox for port-forwarding: its network namespace file, or null for a hostNetwork pod.</summary>
public sealed record PodTarget(string PodUid, string? NetnsPath);
