using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Cluster.TestKit;

/// <summary>An HTTPS client that trusts one CA file (a test server's own) and optionally sends a bearer token.</summary>
public static class TrustingHttpClient
{
    public static HttpClient Create(Uri baseAddress, string caPath, string? token, Action<SocketsHttpHandler>? configure = null)
    {
        var handler = new SocketsHttpHandler();
        configure?.Invoke(handler);
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, errors) =>
        {
            if (errors == SslPolicyErrors.None) return true;
            if (cert is null || !File.Exists(caPath)) return false;
            using var ca = X509CertificateLoader.LoadCertificateFromFile(caPath);
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var leaf = X509CertificateLoader.LoadCertificate(cert.GetRawCertData());
            return chain.Build(leaf);
        };
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
