using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Cluster.Api.Security;

namespace Cluster.ApiServer.Auth;

/// <summary>
/// The server's TLS material and admin credentials in its data directory, created on first start: a CA, a serving
/// certificate signed by it (for localhost, the loopback addresses, the host name and any extra names), and an
/// admin bearer token, the RSA key that signs service-account tokens (sa.key; servers sharing an etcd must share
/// it), and the client certificate the server presents to kubelets (CN kube-apiserver-kubelet-client, O system:masters).
/// Later starts load them; a serving certificate that lacks a requested name is re-issued.
/// </summary>
public sealed class ServerCredentials
{
    private ServerCredentials(X509Certificate2 ca, X509Certificate2 serving, string adminToken, string directory, RSA serviceAccountKey, X509Certificate2 kubeletClient)
    {
        KubeletClientCertificate = kubeletClient;
        ServiceAccountKey = serviceAccountKey;
        CaCertificate = ca;
        ServingCertificate = serving;
        AdminToken = adminToken;
        Directory = directory;
    }

    public X509Certificate2 CaCertificate { get; }
    public X509Certificate2 ServingCertificate { get; }
    public string AdminToken { get; }
    public RSA ServiceAccountKey { get; }

    /// <summary>What the server presents to kubelets (logs, exec, attach, port-forward); signed by the CA.</summary>
    public X509Certificate2 KubeletClientCertificate { get; }
    public string Directory { get; }
    public string CaPath => Path.Combine(Directory, "ca.crt");

    public static ServerCredentials LoadOrCreate(string directory, IEnumerable<string> extraNames)
    {
        System.IO.Directory.CreateDirectory(directory);
        var caCert = Path.Combine(directory, "ca.crt");
        var caKey = Path.Combine(directory, "ca.key");
        if (!File.Exists(caCert) || !File.Exists(caKey)) CreateCa(caCert, caKey);
        using var ca = X509Certificate2.CreateFromPemFile(caCert, caKey);

        var names = new SortedSet<string>(StringComparer.Ordinal) { "localhost", "127.0.0.1", "::1", Dns.GetHostName() };
        foreach (var n in extraNames) names.Add(n);
        var servingCert = Path.Combine(directory, "server.crt");
        var servingKey = Path.Combine(directory, "server.key");
        if (!File.Exists(servingCert) || !File.Exists(servingKey) || !Covers(servingCert, names)) CreateServing(ca, names, servingCert, servingKey);
        var serving = X509Certificate2.CreateFromPemFile(servingCert, servingKey);

        var tokenFile = Path.Combine(directory, "admin.token");
        if (!File.Exists(tokenFile)) PrivateFile.Write(tokenFile, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) + "\n");
        var token = File.ReadAllText(tokenFile).Trim();
        var saKeyFile = Path.Combine(directory, "sa.key");
        if (!File.Exists(saKeyFile))
        {
            using var created = RSA.Create(2048);
            PrivateFile.Write(saKeyFile, created.ExportPkcs8PrivateKeyPem());
        }
        var saKey = RSA.Create();
        saKey.ImportFromPem(File.ReadAllText(saKeyFile));
        var kubeletClient = KubeletClientCredentials.LoadOrCreate(ca, directory);
        return new ServerCredentials(X509CertificateLoader.LoadCertificateFromFile(caCert), serving, token, directory, saKey, kubeletClient);
    }

    private static void CreateCa(string certPath, string keyPath)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=cluster-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var cert = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        PrivateFile.Write(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certPath, cert.ExportCertificatePem() + "\n");
    }

    private static void CreateServing(X509Certificate2 ca, IEnumerable<string> names, string certPath, string keyPath)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=cluster-apiserver", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(SubjectAltNames.Of(names));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        var notAfter = now.AddYears(1) < ca.NotAfter ? now.AddYears(1) : new DateTimeOffset(ca.NotAfter);
        using var cert = request.Create(ca, now.AddMinutes(-5), notAfter, serial);
        PrivateFile.Write(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certPath, cert.ExportCertificatePem() + "\n");
    }

    private static bool Covers(string certPath, IEnumerable<string> names)
    {
        using var cert = X509CertificateLoader.LoadCertificateFromFile(certPath);
        if (cert.NotAfter < DateTime.UtcNow.AddDays(7)) return false;
        var ext = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (ext is null) return false;
        var present = new HashSet<string>(ext.EnumerateDnsNames(), StringComparer.OrdinalIgnoreCase);
        foreach (var ip in ext.EnumerateIPAddresses()) present.Add(ip.ToString());
        return names.All(present.Contains);
    }

}
