using System.Net;

namespace Cluster.Store.EtcdApi;

/// <summary>
/// Settings of <see cref="EtcdApiServer"/>. Every setting has a default that suits serving one machine's embedded store
/// to local clients.
/// </summary>
public sealed record EtcdApiServerOptions
{
    /// <summary>etcd's default client port.</summary>
    public const int DefaultPort = 2379;

    /// <summary>
    /// Where to listen for cleartext HTTP/2 (gRPC) connections. Default <c>127.0.0.1:2379</c>; port 0 picks a free port
    /// (see <see cref="EtcdApiServer.Address"/>).
    /// </summary>
    public IPEndPoint Endpoint { get; init; } = new(IPAddress.Loopback, DefaultPort);

    /// <summary>The <c>cluster_id</c> every response header carries; any stable non-zero value.</summary>
    public ulong ClusterId { get; init; } = 0x636c_7573_7465_7201; // "cluster" + 1

    /// <summary>The <c>member_id</c> every response header carries; any stable non-zero value.</summary>
    public ulong MemberId { get; init; } = 0x6d65_6d62_6572_0001; // "member" + 1

    /// <summary>
    /// How many bytes of encoded responses one Watch stream may hold for a client that reads slower than its watches
    /// produce. Default 8 MiB. A single response larger than this is still sent when the queue is empty.
    /// </summary>
    public int WatchSendQueueBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>
    /// How long a watch waits for room in its stream's full send queue before the server cancels it (with a reason,
    /// so the client can resume from its last revision). Default 30 s.
    /// </summary>
    public TimeSpan SlowWatcherTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long <see cref="EtcdApiServer.DisposeAsync"/> lets open calls finish before it drops connections. Default 5 s.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws <see cref="ArgumentException"/> if the options cannot work.</summary>
    public void Validate()
    {
        if (Endpoint is null) throw new ArgumentException("an endpoint to listen on is required", nameof(Endpoint));
        if (ClusterId == 0) throw new ArgumentException($"{nameof(ClusterId)} must not be 0", nameof(ClusterId));
        if (MemberId == 0) throw new ArgumentException($"{nameof(MemberId)} must not be 0", nameof(MemberId));
        if (WatchSendQueueBytes <= 0) throw new ArgumentException($"{nameof(WatchSendQueueBytes)} must be positive", nameof(WatchSendQueueBytes));
        if (SlowWatcherTimeout <= TimeSpan.Zero) throw new ArgumentException($"{nameof(SlowWatcherTimeout)} must be positive", nameof(SlowWatcherTimeout));
        if (ShutdownTimeout < TimeSpan.Zero) throw new ArgumentException($"{nameof(ShutdownTimeout)} must not be negative", nameof(ShutdownTimeout));
    }
}
