using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Cluster.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cluster.Kubelet.Tests.Images;

/// <summary>
/// A registry token service (distribution's token auth spec) on loopback Kestrel: it checks a user and password sent
/// as basic auth and issues an ES256 JWT for the requested scope, signed by a self-signed certificate that the
/// registry trusts through <c>rootcertbundle</c> (the certificate travels in the token's <c>x5c</c> header).
/// </summary>
internal sealed class TokenServer : IAsyncDisposable
{
    public const string Service = "test-registry";
    public const string Issuer = "test-token-issuer";
    private readonly WebApplication _app;
    private readonly ECDsa _key;
    private readonly X509Certificate2 _certificate;

    private TokenServer(WebApplication app, ECDsa key, X509Certificate2 certificate, Uri realm)
    {
        _app = app;
        _key = key;
        _certificate = certificate;
        Realm = realm;
    }

    public Uri Realm { get; }

    public int TokensIssued;

    public string CertificatePem => _certificate.ExportCertificatePem();

    /// <summary>The registry's <c>auth:</c> section for this service, with the certificate written to <paramref name="bundlePath"/>.</summary>
    public string RegistryAuthYaml(string bundlePath)
    {
        File.WriteAllText(bundlePath, CertificatePem);
        return $"""
            auth:
              token:
                realm: {Realm}
                service: {Service}
                issuer: {Issuer}
                rootcertbundle: {bundlePath}
            """;
    }

    public static async Task<TokenServer> StartAsync(string user, string password)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=test-token-issuer", key, HashAlgorithmName.SHA256);
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        int port = FreePort.Pick();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var server = new TokenServer(app, key, certificate, new Uri($"http://127.0.0.1:{port}/token"));
        app.MapGet("/token", (HttpContext context) => server.Issue(context, user, password));
        await app.StartAsync();
        return server;
    }

    private IResult Issue(HttpContext context, string user, string password)
    {
        string expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        if (context.Request.Headers.Authorization.ToString() != expected) return Results.Unauthorized();
        string scope = context.Request.Query["scope"].ToString();
        if (context.Request.Query["service"] != Service) return Results.BadRequest("wrong service");
        Interlocked.Increment(ref TokensIssued);
        return Results.Text(TokenJson(Sign(user, scope)), "application/json");
    }

    private string Sign(string subject, string scope)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string header = Json(w =>
        {
            w.WriteString("typ", "JWT");
            w.WriteString("alg", "ES256");
            w.WriteStartArray("x5c");
            w.WriteStringValue(Convert.ToBase64String(_certificate.RawData));
            w.WriteEndArray();
        });
        string claims = Json(w =>
        {
            w.WriteString("iss", Issuer);
            w.WriteString("sub", subject);
            w.WriteString("aud", Service);
            w.WriteNumber("iat", now);
            w.WriteNumber("nbf", now - 10);
            w.WriteNumber("exp", now + 300);
            w.WriteString("jti", Guid.NewGuid().ToString("N"));
            w.WriteStartArray("access");
            // scope is "repository:<name>:<actions>"; grant what was asked
            var parts = scope.Split(':');
            if (parts.Length == 3)
            {
                w.WriteStartObject();
                w.WriteString("type", parts[0]);
                w.WriteString("name", parts[1]);
                w.WriteStartArray("actions");
                foreach (string action in parts[2].Split(',')) w.WriteStringValue(action);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
        string signingInput = Base64Url(Encoding.UTF8.GetBytes(header)) + "." + Base64Url(Encoding.UTF8.GetBytes(claims));
        byte[] signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64Url(signature);
    }

    private static string TokenJson(string token) => Json(w =>
    {
        w.WriteString("token", token);
        w.WriteNumber("expires_in", 300);
    });

    private static string Json(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificate.Dispose();
        _key.Dispose();
    }
}
