using System.Net;
using Cluster.TestKit;

namespace Cluster.ApiServer.Bench;

/// <summary>The real <c>cluster server</c> process under load, and HTTPS clients for it.</summary>
internal sealed class Target(ClusterServerProcess server) : IAsyncDisposable
{
    public ClusterServerProcess Server => server;

    public static async Task<Target> StartAsync() => new(await ClusterServerProcess.StartAsync());

    /// <summary>A keep-alive HTTP/1.1 client with up to <paramref name="connections"/> connections.</summary>
    public HttpClient Http1(int connections)
    {
        var client = TrustingHttpClient.Create(server.Url, Path.Combine(server.DataDirectory, "ca.crt"), server.Token, handler =>
        {
            handler.MaxConnectionsPerServer = connections;
            handler.PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5);
        });
        client.DefaultRequestVersion = HttpVersion.Version11;
        return client;
    }

    /// <summary>A lean keep-alive HTTP/1.1 connection for request loads.</summary>
    public Task<LeanHttpsConnection> OpenLeanAsync() =>
        LeanHttpsConnection.OpenAsync(server.Url, Path.Combine(server.DataDirectory, "ca.crt"), server.Token);

    /// <summary>The server's resident memory, from /proc.</summary>
    public double RssMegabytes()
    {
        foreach (var line in File.ReadLines($"/proc/{server.ProcessId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
        }
        throw new InvalidOperationException("no VmRSS");
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
