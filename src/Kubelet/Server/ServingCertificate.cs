using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Cluster.Api.Security;

namespace Cluster.Kubelet.Server;

/// <summary>
/// The kubelet's self-signed serving certificate (<c>kubelet.crt</c>/<c>kubelet.key</c> in its data directory), made on
/// first start for the node's name and addresses and kept after; a certificate that is close to expiring or lacks a
/// name is made again. The API server does not verify it (as upstream without --kubelet-certificate-authority).
/// </summary>
public static class ServingCertificate
{
    public static X509Certificate2 LoadOrCreate(string directory, IEnumerable<string> names)
    {
        Directory.CreateDirectory(directory);
        var certPath = Path.Combine(directory, "kubelet.crt");
        var keyPath = Path.Combine(directory, "kubelet.key");
        var wanted = new SortedSet<string>(names.Where(n => n.Length > 0), StringComparer.OrdinalIgnoreCase) { "localhost", "127.0.0.1" };
        if (!File.Exists(certPath) || !File.Exists(keyPath) || !Covers(certPath, wanted)) Create(wanted, certPath, keyPath);
        using var pem = X509Certificate2.CreateFromPemFile(certPath, keyPath);
        // Kestrel wants a certificate whose key is usable by SslStream on every platform: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private static void Create(IEnumerable<string> names, string certPath, string keyPath)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={names.First()}@kubelet", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(SubjectAltNames.Of(names));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var cert = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        PrivateFile.Write(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certPath, cert.ExportCertificatePem() + "\n");
    }

    private static bool Covers(string certPath, IEnumerable<string> names)
    {
        using var cert = X509CertificateLoader.LoadCertificateFromFile(certPath);
        if (cert.NotAfter < DateTime.UtcNow.AddDays(7)) return false;
        if (cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault() is not { } ext) return false;
        var present = new HashSet<string>(ext.EnumerateDnsNames(), StringComparer.OrdinalIgnoreCase);
        foreach (var ip in ext.EnumerateIPAddresses()) present.Add(ip.ToString());
        return names.All(present.Contains);
    }
}
