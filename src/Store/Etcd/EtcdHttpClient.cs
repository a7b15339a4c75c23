using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Cluster.Store.Etcd;

/// <summary>Builds the one <see cref="HttpClient"/> an <see cref="EtcdStore"/> talks HTTP/2 through.</summary>
internal static class EtcdHttpClient
{
    /// <summary>
    /// Lets SocketsHttpHandler speak HTTP/2 without TLS (prior knowledge), as etcd serves gRPC on <c>http://</c> URLs.
    /// A process-wide runtime switch, and the one piece of global state the engine sets.
    /// </summary>
    private const string Http2UnencryptedSwitch = "System.Net.Http.SocketsHttpHandler.Http2UnencryptedSupport";

    public static HttpClient Create(EtcdStoreOptions options)
    {
        AppContext.SetSwitch(Http2UnencryptedSwitch, true);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.DialTimeout,
            KeepAlivePingDelay = options.KeepAliveTime,
            KeepAlivePingTimeout = options.KeepAliveTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            EnableMultipleHttp2Connections = true,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            SslOptions = TlsOptions(options),
        };
        return new HttpClient(handler, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan, // every call carries its own deadline
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    private static SslClientAuthenticationOptions TlsOptions(EtcdStoreOptions options)
    {
        var tls = new SslClientAuthenticationOptions
        {
            ApplicationProtocols = [SslApplicationProtocol.Http2],
        };
        if (options.ClientCertificatePath is { } certPath)
            tls.ClientCertificates = [X509Certificate2.CreateFromPemFile(certPath, options.ClientKeyPath)];
        if (options.CaCertificatePath is { } caPath)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(caPath);
            if (roots.Count == 0) throw new ArgumentException($"no certificate found in {caPath}", nameof(options));
            tls.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                IsTrusted(certificate, chain, errors, roots);
        }
        return tls;
    }

    /// <summary>Accepts a server certificate that names the host and chains to one of <paramref name="roots"/>.</summary>
    private static bool IsTrusted(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }
}
