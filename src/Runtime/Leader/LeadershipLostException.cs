namespace Cluster.Runtime.Leader;

/// <summary>The leader could not renew its lease in time (or someone else took it): whatever it led has been stopped.</summary>
public sealed class LeadershipLostException(string message) : Exception(message);
