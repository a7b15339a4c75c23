namespace Cluster.ApiServer.Errors;

/// <summary>One cause of a failure, as <c>Status.details.causes[]</c> carries it (the JSON key <c>reason</c> holds the type).</summary>
public sealed record StatusCause(string Reason, string Message, string? Field = null);
