using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Cluster.Kubelet.Server;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Kubelet.Tests.Server;

/// <summary>Only a client certificate the cluster CA issued to the API server (or to system:masters) may use the kubelet's API.</summary>
public sealed class ClientCertificateTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kubelet-certs-" + Guid.NewGuid().ToString("N"));
    private readonly X509Certificate2 _ca = Ca("CN=cluster-ca");
    private KubeletServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await KubeletServer.StartAsync(new KubeletServerSettings
        {
            Bind = IPAddress.Loopback, Port = 0, CertificateDirectory = _directory, ClusterCa = _ca, ShimPath = "/nonexistent",
        }, new NoPods(), NullLoggerFactory.Instance);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_api_servers_certificate_is_served() =>
        Assert.Equal(HttpStatusCode.OK, await HealthzAsync(Client(_ca, "CN=kube-apiserver-kubelet-client")));

    [Fact]
    public async Task A_cluster_admin_certificate_is_served() =>
        Assert.Equal(HttpStatusCode.OK, await HealthzAsync(Client(_ca, "CN=someone, O=system:masters")));

    [Fact]
    public async Task No_certificate_is_401() => Assert.Equal(HttpStatusCode.Unauthorized, await HealthzAsync(null));

    [Fact]
    public async Task A_certificate_from_another_ca_is_403() =>
        Assert.Equal(HttpStatusCode.Forbidden, await HealthzAsync(Client(Ca("CN=cluster-ca"), "CN=kube-apiserver-kubelet-client")));

    [Fact]
    public async Task Another_user_of_the_cluster_ca_is_403() =>
        Assert.Equal(HttpStatusCode.Forbidden, await HealthzAsync(Client(_ca, "CN=system:node:n1, O=system:nodes")));

    [Fact]
    public async Task The_serving_certificate_is_kept_across_restarts()
    {
        var first = File.ReadAllText(Path.Combine(_directory, "kubelet.crt"));
        await using var again = await KubeletServer.StartAsync(new KubeletServerSettings
        {
            Bind = IPAddress.Loopback, Port = 0, CertificateDirectory = _directory, ClusterCa = _ca, ShimPath = "/nonexistent",
        }, new NoPods(), NullLoggerFactory.Instance);
        Assert.Equal(first, File.ReadAllText(Path.Combine(_directory, "kubelet.crt")));
    }

    private async Task<HttpStatusCode> HealthzAsync(X509Certificate2? client)
    {
        using var handler = new SocketsHttpHandler();
        using var serving = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(_directory, "kubelet.crt"));
        var expected = serving.Thumbprint;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == expected;
        if (client is not null)
        {
            handler.SslOptions.ClientCertificates = [client];
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => client;
        }
        using var http = new HttpClient(handler);
        using var response = await http.GetAsync(new Uri($"https://127.0.0.1:{_server.Port}/healthz"));
        return response.StatusCode;
    }

    private static X509Certificate2 Ca(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(ca.Export(X509ContentType.Pkcs12), null);
    }

    private static X509Certificate2 Client(X509Certificate2 ca, string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var cert = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1), RandomNumberGenerator.GetBytes(8));
        using var withKey = cert.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private sealed class NoPods : IContainerLocator
    {
        public ValueTask<ContainerTarget> FindContainerAsync(string ns, string pod, string container, bool previous, CancellationToken ct) =>
            throw StreamingException.NotFound("no pods here");

        public ValueTask<PodTarget> FindPodAsync(string ns, string pod, CancellationToken ct) => throw StreamingException.NotFound("no pods here");

        public bool IsRunning(ContainerTarget target) => false;
    }
}
