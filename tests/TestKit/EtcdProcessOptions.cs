namespace Cluster.TestKit;

/// <summary>How <see cref="EtcdProcess"/> starts etcd. The defaults give a plain-HTTP single member on loopback.</summary>
public sealed record EtcdProcessOptions
{
    /// <summary>The etcd binary. Null: <c>$ETCD_BINARY</c>, else <c>/usr/bin/etcd</c>, else <c>etcd</c> on PATH.</summary>
    public string? Executable { get; init; }

    /// <summary>How long a start may take until etcd reports itself healthy.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Sets <c>--experimental-watch-progress-notify-interval</c> (etcd's default is 10 minutes).</summary>
    public TimeSpan? ProgressNotifyInterval { get; init; }

    /// <summary>Serve clients over TLS with this PEM certificate (and <see cref="KeyFile"/>); null serves plain HTTP.</summary>
    public string? CertFile { get; init; }

    /// <summary>PEM private key of <see cref="CertFile"/>.</summary>
    public string? KeyFile { get; init; }

    /// <summary>Require client certificates signed by this PEM CA (<c>--client-cert-auth</c>); needs TLS.</summary>
    public string? ClientCaFile { get; init; }
}
