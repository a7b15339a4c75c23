using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;
using Cluster.Kubelet;
using Cluster.Kubelet.Proxy;

namespace Cluster.Network.Bench;

/// <summary>
/// service_request_overhead_ratio: a "pod" namespace serving HTTP on 8080 and a "client" namespace joined by a veth; the
/// service proxy programs the client's namespace with one Service (cluster IP, port 80, the pod as its endpoint) among
/// 1,000 others. The same closed-loop client (one TCP connection per request, as a service's DNAT applies per
/// connection) runs alternately against the pod IP and the cluster IP; each round gives requests/s via the cluster IP
/// divided by requests/s direct.
/// </summary>
internal static class ServiceOverheadBench
{
    private const string ClientIp = "10.201.0.1";
    private const string PodIp = "10.201.0.2";
    private const string ClusterIp = "10.111.250.1";
    private static readonly byte[] Request = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: web\r\nConnection: close\r\n\r\n");
    private static readonly byte[] Response = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");

    public sealed record Round(double DirectRps, double ServiceRps)
    {
        public double Ratio => ServiceRps / DirectRps;
    }

    public static async Task<List<Round>> MeasureAsync(int rounds, int concurrency, TimeSpan duration)
    {
        await using var client = await ScratchNetns.CreateAsync();
        await using var pod = await ScratchNetns.CreateAsync();
        await LinkAsync(client.Name, pod.Name);

        using var listener = InNamespace(pod.Name, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        listener.Bind(new IPEndPoint(IPAddress.Parse(PodIp), 8080));
        listener.Listen(1024);
        using var stop = new CancellationTokenSource();
        var serving = ServeAsync(listener, stop.Token);
        await ProgramServiceAsync(client.Name);

        var sockets = Channel.CreateBounded<Socket>(512);
        var factory = new Thread(() => MakeSockets(client.Name, sockets.Writer, stop.Token)) { IsBackground = true, Name = "client-netns-sockets" };
        factory.Start();

        var direct = new IPEndPoint(IPAddress.Parse(PodIp), 8080);
        var service = new IPEndPoint(IPAddress.Parse(ClusterIp), 80);
        // Warm-up (JIT, tiering, and proof the rules work), then rounds that alternate which goes first.
        await LoadAsync(sockets.Reader, service, concurrency, TimeSpan.FromSeconds(1));
        await LoadAsync(sockets.Reader, direct, concurrency, TimeSpan.FromSeconds(1));
        var results = new List<Round>();
        for (var round = 0; round < rounds; round++)
        {
            double directRps, serviceRps;
            if (round % 2 == 0)
            {
                directRps = await LoadAsync(sockets.Reader, direct, concurrency, duration);
                serviceRps = await LoadAsync(sockets.Reader, service, concurrency, duration);
            }
            else
            {
                serviceRps = await LoadAsync(sockets.Reader, service, concurrency, duration);
                directRps = await LoadAsync(sockets.Reader, direct, concurrency, duration);
            }

            results.Add(new Round(directRps, serviceRps));
            Console.Error.WriteLine($"  round {round + 1}: direct {directRps:N0} req/s, via cluster IP {serviceRps:N0} req/s");
        }

        await stop.CancelAsync();
        listener.Close();
        await serving;
        return results;
    }

    /// <summary>Requests per second over <paramref name="duration"/>; a failed request throws (the comparison would mean nothing).</summary>
    private static async Task<double> LoadAsync(ChannelReader<Socket> sockets, IPEndPoint target, int concurrency, TimeSpan duration)
    {
        long done = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var buffer = new byte[256];
            while (clock.Elapsed < duration)
            {
                using var socket = await sockets.ReadAsync();
                await socket.ConnectAsync(target);
                await socket.SendAsync(Request, SocketFlags.None);
                var total = 0;
                int read;
                while ((read = await socket.ReceiveAsync(buffer.AsMemory(total), SocketFlags.None)) > 0) total += read;
                if (total < Response.Length) throw new InvalidOperationException($"short answer from {target}: {total} bytes");
                Interlocked.Increment(ref done);
            }
        })));
        return done / clock.Elapsed.TotalSeconds;
    }

    private static async Task ServeAsync(Socket listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await listener.AcceptAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using var connection = accepted;
                var buffer = new byte[1024];
                var seen = 0;
                try
                {
                    while (seen < buffer.Length && !Encoding.ASCII.GetString(buffer, 0, seen).Contains("\r\n\r\n", StringComparison.Ordinal))
                    {
                        var read = await connection.ReceiveAsync(buffer.AsMemory(seen), SocketFlags.None);
                        if (read == 0) return;
                        seen += read;
                    }

                    await connection.SendAsync(Response, SocketFlags.None);
                    connection.Shutdown(SocketShutdown.Send);
                }
                catch (SocketException)
                {
                    // the client went away
                }
            }, CancellationToken.None);
        }
    }

    private static async Task ProgramServiceAsync(string netns)
    {
        var proxy = new ServiceProxy(new ServiceProxyOptions { NodeName = "bench", ChainPrefix = "PXO", NetworkNamespace = netns, ClusterCidr = "10.201.0.0/16" });
        var synced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        proxy.Synced += _ => synced.TrySetResult();
        for (var i = 0; i < 1000; i++) proxy.Update("bench", $"svc-{i}", [ProxySyncBench.Service(i, "bench")]);
        proxy.Update("bench", "web", [new ProxyServicePort
        {
            Name = new ServicePortName("bench", "web", "http", "tcp"),
            ClusterIp = ClusterIp,
            Port = 80,
            Endpoints = [new ProxyEndpoint(PodIp, 8080, "bench", true, true, false)],
        }]);
        using var stop = new CancellationTokenSource();
        var run = proxy.RunAsync(stop.Token);
        await synced.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await stop.CancelAsync(); // the rules stay; the namespace goes at the end
        await run;
    }

    private static async Task LinkAsync(string client, string pod)
    {
        var veth = "pxo" + Guid.NewGuid().ToString("N")[..8];
        await Ip("link", "add", veth + "c", "type", "veth", "peer", "name", veth + "p");
        await Ip("link", "set", veth + "c", "netns", client);
        await Ip("link", "set", veth + "p", "netns", pod);
        await Ip("-n", client, "addr", "add", ClientIp + "/24", "dev", veth + "c");
        await Ip("-n", pod, "addr", "add", PodIp + "/24", "dev", veth + "p");
        foreach (var (ns, dev) in new[] { (client, veth + "c"), (pod, veth + "p") })
        {
            await Ip("-n", ns, "link", "set", dev, "up");
            await Ip("-n", ns, "link", "set", "lo", "up");
        }

        await Ip("-n", client, "route", "add", "default", "via", PodIp); // a cluster IP needs a route before the proxy's DNAT
    }

    private static Task Ip(params string[] args) => HostCommand.RunAsync("ip", args, null, CancellationToken.None);

    /// <summary>Makes sockets inside the client namespace (a socket keeps the namespace it was made in) for the load loops.</summary>
    private static void MakeSockets(string netns, ChannelWriter<Socket> writer, CancellationToken ct)
    {
        Enter(netns);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                socket.LingerState = new LingerOption(true, 0);
                writer.WriteAsync(socket, ct).AsTask().GetAwaiter().GetResult();
            }
        }
        catch (OperationCanceledException)
        {
            writer.TryComplete();
        }
    }

    private static T InNamespace<T>(string netns, Func<T> make)
    {
        T? made = default;
        var thread = new Thread(() =>
        {
            Enter(netns);
            made = make();
        });
        thread.Start();
        thread.Join();
        return made ?? throw new InvalidOperationException($"nothing made in {netns}");
    }

    /// <summary>Moves the calling thread into the network namespace (the thread must not return to other work).</summary>
    private static void Enter(string netns)
    {
        using var handle = File.OpenHandle(Path.Combine("/var/run/netns", netns));
        if (setns(handle.DangerousGetHandle().ToInt32(), 0x40000000) != 0)
            throw new IOException($"setns {netns}: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setns(int fd, int nstype);
}
