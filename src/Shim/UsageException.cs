namespace Cluster.Shim;

/// <summary>A bad command line: the shim prints the message and its usage and exits 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
