using Microsoft.AspNetCore.Http;

namespace Cluster.ApiServer.Auth;

/// <summary>Finds who made a request from its credentials; null if it carries none this authenticator accepts.</summary>
public interface IAuthenticator
{
    ValueTask<UserInfo?> AuthenticateAsync(HttpContext http);
}
