namespace Cluster.Runtime.Client;

/// <summary>The bearer token of a connection: fixed, or read from a file and re-read once a minute. Thread-safe.</summary>
internal sealed class BearerToken(ClusterConnection connection, TimeProvider time)
{
    private static readonly TimeSpan RereadAfter = TimeSpan.FromMinutes(1);
    private readonly Lock _lock = new(); // guards _cached and _readAt
    private string? _cached;
    private DateTimeOffset _readAt;

    public string? Current()
    {
        if (connection.TokenFile is not { } file) return connection.Token;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_cached is null || now - _readAt >= RereadAfter)
            {
                _cached = File.ReadAllText(file).Trim();
                _readAt = now;
            }
            return _cached;
        }
    }
}
