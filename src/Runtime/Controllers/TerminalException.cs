namespace Cluster.Runtime.Controllers;

/// <summary>A reconcile failure that retrying cannot fix (bad spec): logged and counted, not retried.</summary>
public sealed class TerminalException(string message, Exception? inner = null) : Exception(message, inner);
