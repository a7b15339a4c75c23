namespace Cluster.Kubelet.Network;

/// <summary>One rule of an iptables table and chain, as iptables arguments after the chain name.</summary>
public sealed record IptablesRule(string Table, string Chain, IReadOnlyList<string> Arguments);
