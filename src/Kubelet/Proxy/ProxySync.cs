namespace Cluster.Kubelet.Proxy;

/// <summary>
/// One successful sync: the plan applied, the time spent planning (the model's side, including reading the kernel's
/// chains and jumps on a full sync) and running iptables-restore.
/// </summary>
public sealed record ProxySync(RestorePlan Plan, TimeSpan Planning, TimeSpan Restoring);
