using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Auth;

/// <summary>What a service-account token says about its holder, once its signature and lifetime are checked.</summary>
public sealed record ServiceAccountClaims(string Namespace, string Name, string Uid, IReadOnlyList<string> Audiences, DateTimeOffset Expires,
    string? PodName, string? PodUid);

/// <summary>
/// Issues and checks the bound service-account tokens of the TokenRequest API: RS256 JWTs signed with the server's
/// service-account key, issuer <see cref="Issuer"/>, subject <c>system:serviceaccount:NS:NAME</c>, and the
/// <c>kubernetes.io</c> private claims (namespace, service account, bound pod) as the API server writes them.
/// </summary>
public sealed class ServiceAccountTokens(RSA key)
{
    public const string Issuer = "https://kubernetes.default.svc.cluster.local";

    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public string Issue(ServiceAccountClaims claims, DateTimeOffset now)
    {
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = KeyId };
        var kubernetes = new JsonObject
        {
            ["namespace"] = claims.Namespace,
            ["serviceaccount"] = new JsonObject { ["name"] = claims.Name, ["uid"] = claims.Uid },
        };
        if (claims.PodName is not null) kubernetes["pod"] = new JsonObject { ["name"] = claims.PodName, ["uid"] = claims.PodUid };
        var payload = new JsonObject
        {
            ["aud"] = new JsonArray([.. claims.Audiences.Select(a => (JsonNode)a)]),
            ["exp"] = claims.Expires.ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["iss"] = Issuer,
            ["jti"] = Guid.NewGuid().ToString(),
            ["kubernetes.io"] = kubernetes,
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["sub"] = $"system:serviceaccount:{claims.Namespace}:{claims.Name}",
        };
        var signingInput = $"{Base64Url(header.ToJsonString(Compact))}.{Base64Url(payload.ToJsonString(Compact))}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64UrlEncode(signature)}";
    }

    /// <summary>The claims of a token this server signed that is valid at <paramref name="now"/> for one of the audiences; null otherwise.</summary>
    public ServiceAccountClaims? Verify(string token, IReadOnlyCollection<string> audiences, DateTimeOffset now)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return null;
        try
        {
            var signature = Base64UrlDecode(parts[2]);
            if (!key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)) return null;
            if (JsonNode.Parse(Base64UrlDecode(parts[0])) is not JsonObject header || (string?)header["alg"] != "RS256") return null;
            if (JsonNode.Parse(Base64UrlDecode(parts[1])) is not JsonObject payload) return null;
            if ((string?)payload["iss"] != Issuer) return null;
            var expires = DateTimeOffset.FromUnixTimeSeconds((long?)payload["exp"] ?? 0);
            var notBefore = DateTimeOffset.FromUnixTimeSeconds((long?)payload["nbf"] ?? 0);
            // A minute of leeway for clocks, as the API server allows.
            if (now > expires.AddMinutes(1) || now < notBefore.AddMinutes(-1)) return null;
            var tokenAudiences = payload["aud"] switch
            {
                JsonArray list => list.Select(a => (string?)a ?? "").ToList(),
                JsonValue single => [(string?)single ?? ""],
                _ => [],
            };
            if (!tokenAudiences.Any(audiences.Contains)) return null;
            if (payload["kubernetes.io"] is not JsonObject kubernetes || kubernetes["serviceaccount"] is not JsonObject account) return null;
            var ns = (string?)kubernetes["namespace"];
            var name = (string?)account["name"];
            var uid = (string?)account["uid"];
            if (string.IsNullOrEmpty(ns) || string.IsNullOrEmpty(name) || string.IsNullOrEmpty(uid)) return null;
            if ((string?)payload["sub"] != $"system:serviceaccount:{ns}:{name}") return null;
            var pod = kubernetes["pod"] as JsonObject;
            return new ServiceAccountClaims(ns, name, uid, tokenAudiences, expires, (string?)pod?["name"], (string?)pod?["uid"]);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The key id: a hash of the public key, so a verifier can tell which key signed.</summary>
    public string KeyId { get; } = Base64UrlEncode(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));

    private static string Base64Url(string json) => Base64UrlEncode(Encoding.UTF8.GetBytes(json));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Base64UrlDecode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
