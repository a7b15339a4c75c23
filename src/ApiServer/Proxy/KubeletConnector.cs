using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Cluster.ApiServer.Errors;

namespace Cluster.ApiServer.Proxy;

/// <summary>
/// The API server's connections to kubelets: TLS presenting the kubelet-client certificate, without verifying the
/// kubelet's self-signed serving certificate (as upstream without --kubelet-certificate-authority). An HttpClient for
/// plain requests (logs) and raw TLS streams for upgrades. Thread-safe; one per server.
/// </summary>
public sealed class KubeletConnector : IDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private readonly X509Certificate2 _clientCertificate;

    public KubeletConnector(X509Certificate2 clientCertificate)
    {
        _clientCertificate = clientCertificate;
        Http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            SslOptions = Tls(""),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan, // followed logs last as long as the client wants
        };
    }

    public HttpClient Http { get; }

    /// <summary>A TLS stream to the kubelet, ready for an HTTP/1.1 request; an unreachable kubelet is a 503.</summary>
    public async Task<Stream> ConnectAsync(KubeletLocation kubelet, string nodeName, CancellationToken ct)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                timeout.CancelAfter(ConnectTimeout);
                await tcp.ConnectAsync(kubelet.Host, kubelet.Port, timeout.Token);
            }
            var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            await tls.AuthenticateAsClientAsync(Tls(kubelet.Host), ct);
            return tls;
        }
        catch (Exception e) when (e is SocketException or IOException or System.Security.Authentication.AuthenticationException
                                   || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            tcp.Dispose();
            throw Unreachable(nodeName, kubelet, e);
        }
    }

    public static ApiException Unreachable(string nodeName, KubeletLocation kubelet, Exception e) =>
        ApiErrors.ServiceUnavailable($"the kubelet of node {nodeName} at {kubelet.Authority} is not reachable: {e.Message}");

    private SslClientAuthenticationOptions Tls(string host) => new()
    {
        TargetHost = host,
        ClientCertificates = [_clientCertificate],
        LocalCertificateSelectionCallback = (_, _, _, _, _) => _clientCertificate,
#pragma warning disable CA5359 // kubelets serve self-signed certificates; upstream does not verify them without --kubelet-certificate-authority
        RemoteCertificateValidationCallback = (_, _, _, _) => true,
#pragma warning restore CA5359
        ApplicationProtocols = [SslApplicationProtocol.Http11],
    };

    public void Dispose() => Http.Dispose();
}
