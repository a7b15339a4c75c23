using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Cluster.ApiServer.Auth;

/// <summary>Accepts <c>Authorization: Bearer &lt;token&gt;</c> for the tokens it knows (the admin token, for now).</summary>
public sealed class TokenAuthenticator(IReadOnlyDictionary<string, UserInfo> tokens) : IAuthenticator
{
    private readonly (byte[] Token, UserInfo User)[] _tokens = [.. tokens.Select(t => (Encoding.UTF8.GetBytes(t.Key), t.Value))];

    public ValueTask<UserInfo?> AuthenticateAsync(HttpContext http) => ValueTask.FromResult(Authenticate(http));

    private UserInfo? Authenticate(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)) return null;
        var presented = Encoding.UTF8.GetBytes(header[bearer.Length..].Trim());
        foreach (var (token, user) in _tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(token, presented)) return user;
        }
        return null;
    }
}
