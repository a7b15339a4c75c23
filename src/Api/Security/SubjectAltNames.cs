using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Cluster.Api.Security;

/// <summary>The subject alternative names of a serving certificate: each name an IP address if it parses as one, else a DNS name.</summary>
public static class SubjectAltNames
{
    public static X509Extension Of(IEnumerable<string> names)
    {
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var ip)) san.AddIpAddress(ip);
            else san.AddDnsName(name);
        }
        return san.Build();
    }
}
