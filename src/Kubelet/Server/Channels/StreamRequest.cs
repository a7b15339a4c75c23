namespace Cluster.Kubelet.Server.Channels;

/// <summary>Which streams an exec or attach asked for (its stdin, stdout, stderr and tty query parameters).</summary>
public sealed record StreamRequest(bool Stdin, bool Stdout, bool Stderr, bool Tty);
