using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Cluster.Runtime.Client;

/// <summary>
/// The two HTTP stacks of a client. Requests share HTTP/2 connections (several when streams run out), with pings
/// to find dead connections. Watches get HTTP/1.1, one connection each: many busy watches multiplexed on one
/// HTTP/2 connection of <see cref="HttpClient"/> stall each other (measured here: 100 watches, p99 5 s); TCP
/// keep-alive finds a dead peer under an idle watch.
/// </summary>
internal static class HttpHandlers
{
    public static SocketsHttpHandler ForRequests(ClusterConnection connection)
    {
        var handler = Base(connection);
        handler.EnableMultipleHttp2Connections = true;
        handler.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
        handler.KeepAlivePingTimeout = TimeSpan.FromSeconds(15);
        handler.KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests;
        return handler;
    }

    public static SocketsHttpHandler ForWatches(ClusterConnection connection)
    {
        var handler = Base(connection);
        handler.MaxConnectionsPerServer = int.MaxValue;
        handler.ConnectCallback = ConnectWithKeepAliveAsync;
        return handler;
    }

    private static SocketsHttpHandler Base(ClusterConnection connection)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseCookies = false,
        };
        if (connection.InsecureSkipTlsVerify)
        {
#pragma warning disable CA5359 // the user asked for it in the kubeconfig, as kubectl allows
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (connection.CertificateAuthorityPem is { } caPem)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPem(caPem);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, errors) => Verify(cert, errors, roots);
        }
        if (connection.ClientCertificatePem is { } certPem && connection.ClientKeyPem is { } keyPem)
        {
            using var pem = X509Certificate2.CreateFromPem(certPem, keyPem);
            // An ephemeral-key certificate cannot be used for TLS client auth on Linux; a PKCS#12 round trip fixes that.
            var cert = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            handler.SslOptions.ClientCertificates = [cert];
        }
        return handler;
    }

    private static bool Verify(X509Certificate? cert, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (cert is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(cert.GetRawCertData());
        return chain.Build(leaf);
    }

    private static async ValueTask<Stream> ConnectWithKeepAliveAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 10);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
            await socket.ConnectAsync(context.DnsEndPoint, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
