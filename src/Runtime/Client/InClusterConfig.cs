namespace Cluster.Runtime.Client;

/// <summary>
/// The connection of a process running in a pod: the API server from <c>KUBERNETES_SERVICE_HOST</c>/<c>_PORT</c>,
/// and the service account's token (re-read as it rotates), CA and namespace from its mounted files.
/// </summary>
public static class InClusterConfig
{
    public const string DefaultDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public static bool IsAvailable(string directory = DefaultDirectory) =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST")) && File.Exists(Path.Combine(directory, "token"));

    /// <exception cref="InvalidOperationException">When not running in a pod.</exception>
    public static ClusterConnection Load(string directory = DefaultDirectory)
    {
        var host = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST");
        var port = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
            throw new InvalidOperationException("not in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set");
        var tokenFile = Path.Combine(directory, "token");
        if (!File.Exists(tokenFile)) throw new InvalidOperationException($"not in a cluster: {tokenFile} does not exist");
        var caFile = Path.Combine(directory, "ca.crt");
        var nsFile = Path.Combine(directory, "namespace");
        var hostPart = host.Contains(':') ? $"[{host}]" : host; // IPv6 literal
        return new ClusterConnection
        {
            Server = new Uri($"https://{hostPart}:{port}"),
            TokenFile = tokenFile,
            CertificateAuthorityPem = File.Exists(caFile) ? File.ReadAllText(caFile) : null,
            Namespace = File.Exists(nsFile) && File.ReadAllText(nsFile).Trim() is { Length: > 0 } ns ? ns : "default",
        };
    }
}
