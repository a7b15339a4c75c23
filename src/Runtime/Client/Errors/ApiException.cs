using System.Net;
using Cluster.Api.Meta.V1;

namespace Cluster.Runtime.Client.Errors;

/// <summary>
/// The API server refused a request. Carries the server's <see cref="Api.Meta.V1.Status"/> (reason, message, causes); the
/// subclasses name the common reasons so callers can catch what they handle (<see cref="NotFoundException"/>,
/// <see cref="ConflictException"/>, <see cref="InvalidException"/> ...).
/// </summary>
public class ApiException(HttpStatusCode code, Status status)
    : Exception($"{(int)code} {status.Reason ?? code.ToString()}: {status.Message}")
{
    public HttpStatusCode Code { get; } = code;

    public Status Status { get; } = status;

    /// <summary>The machine-readable reason (<c>NotFound</c>, <c>Conflict</c>, <c>Invalid</c> ...), empty when the server gave none.</summary>
    public string Reason => Status.Reason ?? "";

    /// <summary>The field causes of a 422 (or other) failure; empty when none.</summary>
    public IReadOnlyList<StatusCause> Causes => Status.Details?.Causes ?? [];

    /// <summary>The typed exception for a failed response: by reason first, by status code otherwise.</summary>
    public static ApiException From(HttpStatusCode code, Status status) => (status.Reason, (int)code) switch
    {
        ("AlreadyExists", _) => new AlreadyExistsException(code, status),
        ("NotFound", _) or (_, 404) => new NotFoundException(code, status),
        ("Conflict", _) or (_, 409) => new ConflictException(code, status),
        ("Invalid", _) or (_, 422) => new InvalidException(code, status),
        ("Gone" or "Expired", _) or (_, 410) => new GoneException(code, status),
        ("Forbidden", _) or (_, 403) => new ForbiddenException(code, status),
        ("Unauthorized", _) or (_, 401) => new UnauthorizedException(code, status),
        ("TooManyRequests", _) or (_, 429) => new TooManyRequestsException(code, status),
        ("BadRequest", _) or (_, 400) => new BadRequestException(code, status),
        _ => new ApiException(code, status),
    };
}
