using System.Security.Cryptography.X509Certificates;

namespace Cluster.Kubelet.Server;

/// <summary>
/// Who may call the kubelet's API: a TLS client certificate that chains to the cluster CA and names the API server
/// (CN <c>kube-apiserver-kubelet-client</c>) or a cluster admin (O <c>system:masters</c>). No certificate is 401;
/// any other certificate is 403.
/// </summary>
public sealed class ApiServerClientCheck(X509Certificate2 clusterCa)
{
    public const string ApiServerCommonName = "kube-apiserver-kubelet-client";
    public const string MastersGroup = "system:masters";

    /// <summary>200 when allowed, else 401 or 403.</summary>
    public int Check(X509Certificate2? client)
    {
        if (client is null) return 401;
        if (!ChainsToCa(client)) return 403;
        var cn = client.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return cn == ApiServerCommonName || Organizations(client).Contains(MastersGroup) ? 200 : 403;
    }

    private bool ChainsToCa(X509Certificate2 client)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(clusterCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2"));
        if (!chain.Build(client)) return false;
        var root = chain.ChainElements[^1].Certificate;
        return root.RawDataMemory.Span.SequenceEqual(clusterCa.RawDataMemory.Span);
    }

    private static IEnumerable<string> Organizations(X509Certificate2 certificate)
    {
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.GetSingleElementType().Value == "2.5.4.10" && rdn.GetSingleElementValue() is { } value) yield return value;
        }
    }
}
