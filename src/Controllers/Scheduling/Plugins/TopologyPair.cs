namespace Cluster.Controllers.Scheduling.Plugins;

/// <summary>A topology domain: a node label key and its value (e.g. topology.kubernetes.io/zone=zone-a).</summary>
public readonly record struct TopologyPair(string Key, string Value);
