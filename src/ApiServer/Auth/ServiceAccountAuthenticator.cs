using Microsoft.AspNetCore.Http;

namespace Cluster.ApiServer.Auth;

/// <summary>
/// Accepts bearer service-account tokens this server issued while they are valid and what they are bound to still
/// exists: the service account with the same uid, and the bound pod with its uid. The user is
/// <c>system:serviceaccount:NS:NAME</c> in the groups system:serviceaccounts and system:serviceaccounts:NS.
/// </summary>
public sealed class ServiceAccountAuthenticator(ServiceAccountTokens tokens, ApiServices api) : IAuthenticator
{
    private static readonly string[] Audiences = [ServiceAccountTokens.Issuer];

    public async ValueTask<UserInfo?> AuthenticateAsync(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)) return null;
        var token = header[bearer.Length..].Trim();
        if (token.Count(c => c == '.') != 2 || tokens.Verify(token, Audiences, api.Now) is not { } claims) return null;
        if (!await ExistsAsync("serviceaccounts", claims.Namespace, claims.Name, claims.Uid, http.RequestAborted)) return null;
        if (claims.PodName is not null && !await ExistsAsync("pods", claims.Namespace, claims.PodName, claims.PodUid, http.RequestAborted)) return null;
        return new UserInfo($"system:serviceaccount:{claims.Namespace}:{claims.Name}",
            ["system:serviceaccounts", $"system:serviceaccounts:{claims.Namespace}", "system:authenticated"]);
    }

    private async ValueTask<bool> ExistsAsync(string resource, string ns, string name, string? uid, CancellationToken ct)
    {
        if (api.Registry.Find("", "v1", resource) is not { } r) return false;
        var obj = await api.Storage.GetAsync(r, ns, name, ct);
        return obj is not null && (uid is null || Storage.ObjectMeta.Uid(obj) == uid) && !Storage.ObjectMeta.IsDeleting(obj);
    }
}

/// <summary>Asks each authenticator in turn; the first that recognises the credentials decides.</summary>
public sealed class UnionAuthenticator(IReadOnlyList<IAuthenticator> authenticators) : IAuthenticator
{
    public async ValueTask<UserInfo?> AuthenticateAsync(HttpContext http)
    {
        foreach (var authenticator in authenticators)
            if (await authenticator.AuthenticateAsync(http) is { } user) return user;
        return null;
    }
}
