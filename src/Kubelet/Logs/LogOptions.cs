namespace Cluster.Kubelet.Logs;

/// <summary>What <c>kubectl logs</c> asks of one container's log (the pods/log query parameters).</summary>
public sealed record LogOptions
{
    /// <summary>Keep writing new lines as they come (until cancelled, or until the container's log ends).</summary>
    public bool Follow { get; init; }

    /// <summary>Only the last N lines.</summary>
    public long? TailLines { get; init; }

    /// <summary>Only lines at or after this time (sinceTime, or now less sinceSeconds).</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Prefix each line with its RFC 3339 timestamp.</summary>
    public bool Timestamps { get; init; }

    /// <summary>Stop after this many bytes.</summary>
    public long? LimitBytes { get; init; }
}
