namespace Cluster.Store.Etcd;

/// <summary>
/// How the etcd engine reaches etcd. Only <see cref="Endpoints"/> is required; every other setting has a default that
/// suits a local or LAN etcd cluster.
/// </summary>
public sealed record EtcdStoreOptions
{
    /// <summary>
    /// The client URLs of the etcd members, <c>http://</c> (cleartext HTTP/2) or <c>https://</c> (TLS). Calls go to one
    /// endpoint and move to the next one when it cannot be reached.
    /// </summary>
    public required IReadOnlyList<Uri> Endpoints { get; init; }

    /// <summary>PEM file of the CA(s) that sign the servers' certificates. Null: the system's trust store.</summary>
    public string? CaCertificatePath { get; init; }

    /// <summary>PEM file of the client certificate, for etcd started with <c>--client-cert-auth</c>.</summary>
    public string? ClientCertificatePath { get; init; }

    /// <summary>PEM file of the client certificate's private key. Null: the key is in <see cref="ClientCertificatePath"/>.</summary>
    public string? ClientKeyPath { get; init; }

    /// <summary>How long to wait for a TCP (and TLS) connection to one endpoint. Default 5 s.</summary>
    public TimeSpan DialTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Deadline of one request to one endpoint (sent to etcd as <c>grpc-timeout</c>). Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Idle time after which an HTTP/2 PING checks that a connection with open streams is alive. Default 10 s.</summary>
    public TimeSpan KeepAliveTime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a keep-alive PING may go unanswered before the connection counts as dead. Default 10 s.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First delay between attempts to re-open a broken watch stream; doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan MinRetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest delay between attempts to re-open a broken watch stream. Default 2 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a broken watch keeps trying to reconnect before it ends with <see cref="WatchCancelledException"/>.
    /// Default 1 minute.
    /// </summary>
    public TimeSpan WatchReconnectTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Throws <see cref="ArgumentException"/> if the options cannot work.</summary>
    public void Validate()
    {
        if (Endpoints is null || Endpoints.Count == 0)
            throw new ArgumentException("at least one etcd endpoint is required", nameof(Endpoints));
        foreach (var endpoint in Endpoints)
        {
            if (endpoint is null || !endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
                throw new ArgumentException($"etcd endpoint '{endpoint}' must be an absolute http:// or https:// URL", nameof(Endpoints));
        }
        RequirePositive(DialTimeout, nameof(DialTimeout));
        RequirePositive(RequestTimeout, nameof(RequestTimeout));
        RequirePositive(KeepAliveTime, nameof(KeepAliveTime));
        RequirePositive(KeepAliveTimeout, nameof(KeepAliveTimeout));
        RequirePositive(MinRetryDelay, nameof(MinRetryDelay));
        RequirePositive(WatchReconnectTimeout, nameof(WatchReconnectTimeout));
        if (MaxRetryDelay < MinRetryDelay)
            throw new ArgumentException($"{nameof(MaxRetryDelay)} must not be below {nameof(MinRetryDelay)}", nameof(MaxRetryDelay));
        if (ClientKeyPath is not null && ClientCertificatePath is null)
            throw new ArgumentException($"{nameof(ClientKeyPath)} needs {nameof(ClientCertificatePath)}", nameof(ClientKeyPath));
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero) throw new ArgumentException($"{name} must be positive", name);
    }
}
