using System.Text;
using Cluster.Api.Security;

namespace Cluster.ApiServer.Auth;

/// <summary>Writes the admin kubeconfig: the server URL, the CA to trust, and the admin bearer token.</summary>
public static class AdminKubeconfig
{
    public static string Write(ServerCredentials credentials, string serverUrl, string path)
    {
        var ca = Convert.ToBase64String(Encoding.ASCII.GetBytes(credentials.CaCertificate.ExportCertificatePem() + "\n"));
        var text = $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: cluster
              cluster:
                server: {serverUrl}
                certificate-authority-data: {ca}
            users:
            - name: admin
              user:
                token: {credentials.AdminToken}
            contexts:
            - name: admin@cluster
              context:
                cluster: cluster
                user: admin
                namespace: default
            current-context: admin@cluster

            """;
        PrivateFile.Write(path, text);
        return path;
    }
}
