namespace Cluster.Runtime.Client;

/// <summary>
/// Where an API server is and how to authenticate to it. Build one directly (URL + token + CA), from a kubeconfig
/// (<see cref="Kubeconfig"/>), from a pod's service-account files (<see cref="InClusterConfig"/>), or with
/// <see cref="Discover"/>, which follows the standard lookup.
/// </summary>
public sealed record ClusterConnection
{
    /// <summary>The API server's base URL, e.g. <c>https://127.0.0.1:6443</c>.</summary>
    public required Uri Server { get; init; }

    /// <summary>PEM certificates the server's certificate must chain to; null trusts the system store.</summary>
    public string? CertificateAuthorityPem { get; init; }

    /// <summary>Skip verifying the server's certificate (kubeconfig <c>insecure-skip-tls-verify</c>).</summary>
    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>A bearer token sent with every request.</summary>
    public string? Token { get; init; }

    /// <summary>A file holding the bearer token, re-read once a minute (service-account tokens rotate); wins over <see cref="Token"/>.</summary>
    public string? TokenFile { get; init; }

    /// <summary>A PEM client certificate and its PEM private key, for certificate authentication.</summary>
    public string? ClientCertificatePem { get; init; }

    public string? ClientKeyPem { get; init; }

    /// <summary>The namespace of the kubeconfig context or of the pod; objects created without one go here.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>How long one request (not a watch) may take, headers and body, before it is cancelled.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after 429, 5xx with Retry-After, or a lost connection (see <see cref="RetryPolicy"/>).</summary>
    public int MaxRetries { get; init; } = 5;

    public string UserAgent { get; init; } = "cluster-runtime/1.32";

    /// <summary>
    /// The standard lookup, as kubectl and client-go do it: an explicit kubeconfig path (a <c>--kubeconfig</c> flag),
    /// else the files in <c>$KUBECONFIG</c>, else <c>~/.kube/config</c>, else the in-cluster service-account files.
    /// </summary>
    /// <exception cref="InvalidOperationException">When none of them exists, naming every place looked at.</exception>
    public static ClusterConnection Discover(string? kubeconfigPath = null, string? context = null)
    {
        if (!string.IsNullOrEmpty(kubeconfigPath)) return Kubeconfig.Load([kubeconfigPath], context);
        var fromEnv = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            var files = fromEnv.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (files.Any(File.Exists)) return Kubeconfig.Load([.. files.Where(File.Exists)], context);
        }
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var defaultPath = Path.Combine(home, ".kube", "config");
        if (File.Exists(defaultPath)) return Kubeconfig.Load([defaultPath], context);
        if (InClusterConfig.IsAvailable()) return InClusterConfig.Load();
        throw new InvalidOperationException(
            $"no cluster connection: no --kubeconfig given, $KUBECONFIG is {(string.IsNullOrWhiteSpace(fromEnv) ? "unset" : "naming no existing file")}, " +
            $"{defaultPath} does not exist, and this is not a pod (KUBERNETES_SERVICE_HOST unset or {InClusterConfig.DefaultDirectory} missing)");
    }
}
