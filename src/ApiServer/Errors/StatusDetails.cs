namespace Cluster.ApiServer.Errors;

/// <summary><c>Status.details</c>: what the failure is about.</summary>
/// <param name="Kind">The resource (plural) for most errors, the kind for Invalid, as Kubernetes does.</param>
public sealed record StatusDetails(
    string? Name = null,
    string? Group = null,
    string? Kind = null,
    string? Uid = null,
    IReadOnlyList<StatusCause>? Causes = null,
    int? RetryAfterSeconds = null);
