using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Cluster.Api.Security;

namespace Cluster.ApiServer.Auth;

/// <summary>
/// The API server's client certificate for kubelets (<c>kubelet-client.crt</c>/<c>.key</c>): CN
/// <c>kube-apiserver-kubelet-client</c>, O <c>system:masters</c>, client-auth usage, signed by the cluster CA. Made on
/// first start, re-made when close to expiry or not signed by the current CA.
/// </summary>
public static class KubeletClientCredentials
{
    public const string CommonName = "kube-apiserver-kubelet-client";

    public static X509Certificate2 LoadOrCreate(X509Certificate2 ca, string directory)
    {
        var certPath = Path.Combine(directory, "kubelet-client.crt");
        var keyPath = Path.Combine(directory, "kubelet-client.key");
        if (!File.Exists(certPath) || !File.Exists(keyPath) || !StillGood(certPath, ca)) Create(ca, certPath, keyPath);
        using var pem = X509Certificate2.CreateFromPemFile(certPath, keyPath);
        // SslStream presents a client certificate's key reliably only from a PKCS#12-loaded certificate.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private static void Create(X509Certificate2 ca, string certPath, string keyPath)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={CommonName}, O=system:masters", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        var notAfter = now.AddYears(1) < ca.NotAfter ? now.AddYears(1) : new DateTimeOffset(ca.NotAfter);
        using var cert = request.Create(ca, now.AddMinutes(-5), notAfter, serial);
        PrivateFile.Write(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certPath, cert.ExportCertificatePem() + "\n");
    }

    private static bool StillGood(string certPath, X509Certificate2 ca)
    {
        using var cert = X509CertificateLoader.LoadCertificateFromFile(certPath);
        if (cert.NotAfter < DateTime.UtcNow.AddDays(7)) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(cert);
    }
}
