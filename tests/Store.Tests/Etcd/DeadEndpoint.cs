using System.Net.Sockets;
using System.Net;

namespace Cluster.Store.Tests.Etcd;

/// <summary>Loopback URLs where nothing listens: connections are refused at once.</summary>
public static class DeadEndpoint
{
    public static Uri Create()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }
}
