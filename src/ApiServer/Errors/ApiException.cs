namespace Cluster.ApiServer.Errors;

/// <summary>
/// A request failed in a way the client is told about: it becomes a <c>metav1.Status</c> with this code and reason.
/// Everything a client can cause ends in one of these; any other exception is a server bug (500).
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException(int code, string reason, string message, StatusDetails? details = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    /// <summary>The HTTP status code.</summary>
    public int Code { get; }

    /// <summary>The Kubernetes reason (<c>NotFound</c>, <c>Invalid</c>, ...); empty for 400 BadRequest's free text.</summary>
    public string Reason { get; }

    public StatusDetails? Details { get; }

    /// <summary>Seconds the client should wait before retrying (429, 503); also sent as <c>Retry-After</c>.</summary>
    public int? RetryAfterSeconds { get; init; }
}
