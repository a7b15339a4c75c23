using Cluster.ApiServer.Http;

namespace Cluster.ApiServer.Auth;

/// <summary>
/// Decides whether a user may make a request. The seam where RBAC goes; until then every authenticated user may
/// do everything (<see cref="AllowAuthenticated"/>).
/// </summary>
public interface IAuthorizer
{
    /// <summary>Null if allowed; otherwise the reason for a 403.</summary>
    ValueTask<string?> AuthorizeAsync(UserInfo user, RequestInfo request, CancellationToken ct);
}

/// <summary>Allows every authenticated user everything.</summary>
public sealed class AllowAuthenticated : IAuthorizer
{
    public ValueTask<string?> AuthorizeAsync(UserInfo user, RequestInfo request, CancellationToken ct) => ValueTask.FromResult<string?>(null);
}
