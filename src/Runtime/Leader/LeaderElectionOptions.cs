namespace Cluster.Runtime.Leader;

/// <summary>
/// Settings of a <see cref="LeaderElector"/>, with client-go's defaults. <see cref="RenewDeadline"/> must be shorter
/// than <see cref="LeaseDuration"/>: a leader that cannot renew stops before anyone else may take over.
/// </summary>
public sealed record LeaderElectionOptions
{
    /// <summary>The coordination.k8s.io/v1 Lease the candidates share.</summary>
    public required string LeaseName { get; init; }

    public string LeaseNamespace { get; init; } = "kube-system";

    /// <summary>This candidate's name in holderIdentity; unique per process.</summary>
    public string Identity { get; init; } = $"{Environment.MachineName}_{Guid.NewGuid():N}";

    /// <summary>How long non-leaders wait, after last seeing the lease change, before taking it over.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives leadership up.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often candidates try to acquire, and the leader renews.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>On a graceful stop, clear the holder so a successor need not wait for the lease to expire.</summary>
    public bool ReleaseOnCancel { get; init; } = true;

    /// <exception cref="ArgumentException">Inconsistent durations.</exception>
    public void Validate()
    {
        if (RetryPeriod <= TimeSpan.Zero) throw new ArgumentException("RetryPeriod must be positive");
        if (RenewDeadline <= RetryPeriod) throw new ArgumentException("RenewDeadline must be longer than RetryPeriod");
        if (LeaseDuration <= RenewDeadline) throw new ArgumentException("LeaseDuration must be longer than RenewDeadline");
        if (string.IsNullOrEmpty(Identity)) throw new ArgumentException("Identity must not be empty");
    }
}
