using System.Net;
using System.Net.Sockets;
using Cluster.Api.Core.V1;
using Cluster.Kubelet.Probes;

namespace Cluster.Kubelet.Tests.Probes;

/// <summary>httpGet and tcpSocket probes against real listeners on loopback.</summary>
public sealed class NetworkProbesTests : IAsyncLifetime
{
    private readonly TcpListener _http = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _requests = [];
    private Task? _serving;

    private int Port => ((IPEndPoint)_http.LocalEndpoint).Port;

    public Task InitializeAsync()
    {
        _http.Start();
        _serving = ServeAsync();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _http.Stop();
        try
        {
            if (_serving is not null) await _serving;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    // A tiny HTTP/1.1 server: the path picks the answer (/200, /404, /500, /slow, /redirect-local, /redirect-away).
    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _http.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(async () =>
            {
                using var client = socket;
                var stream = client.GetStream();
                var reader = new StreamReader(stream);
                var head = new List<string>();
                for (var line = await reader.ReadLineAsync(); !string.IsNullOrEmpty(line); line = await reader.ReadLineAsync()) head.Add(line);
                if (head.Count == 0) return;
                lock (_requests) _requests.Add(string.Join('\n', head));
                var path = head[0].Split(' ')[1];
                var (status, extra) = path switch
                {
                    "/200" => ("200 OK", ""),
                    "/302" => ("302 Found", ""),
                    "/404" => ("404 Not Found", ""),
                    "/500" => ("500 Internal Server Error", ""),
                    "/redirect-local" => ("301 Moved Permanently", "Location: /200\r\n"),
                    "/redirect-bad" => ("301 Moved Permanently", "Location: /500\r\n"),
                    "/redirect-away" => ("302 Found", "Location: http://example.invalid/\r\n"),
                    _ => ("", ""),
                };
                if (status.Length == 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), _stop.Token);
                    return;
                }

                var response = System.Text.Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\n{extra}Content-Length: 0\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(response, _stop.Token);
            });
        }
    }

    private Task<ProbeOutcome> Get(string path, TimeSpan? timeout = null, IReadOnlyList<HTTPHeader>? headers = null) =>
        NetworkProbes.HttpGetAsync(new HTTPGetAction { Path = path, Port = Port, HttpHeaders = headers }, "127.0.0.1", null, timeout ?? TimeSpan.FromSeconds(2), CancellationToken.None);

    [Theory]
    [InlineData("/200", ProbeResult.Success)]
    [InlineData("/302", ProbeResult.Success)]
    [InlineData("/404", ProbeResult.Failure)]
    [InlineData("/500", ProbeResult.Failure)]
    [InlineData("/redirect-local", ProbeResult.Success)]
    [InlineData("/redirect-bad", ProbeResult.Failure)]
    [InlineData("/redirect-away", ProbeResult.Success)]
    public async Task Http_probes_succeed_on_2xx_and_3xx_following_redirects_to_the_same_host(string path, ProbeResult expected) =>
        Assert.Equal(expected, (await Get(path)).Result);

    [Fact]
    public async Task A_failed_http_probe_says_the_status_code()
    {
        Assert.Equal("HTTP probe failed with statuscode: 500", (await Get("/500")).Message);
    }

    [Fact]
    public async Task Http_probes_send_the_kube_probe_user_agent_and_the_probes_headers()
    {
        await Get("/200", headers: [new HTTPHeader { Name = "X-Check", Value = "deep" }, new HTTPHeader { Name = "User-Agent", Value = "custom/1" }]);
        string request;
        lock (_requests) request = _requests.Last();
        Assert.Contains("X-Check: deep", request, StringComparison.Ordinal);
        Assert.Contains("User-Agent: custom/1", request, StringComparison.Ordinal);
        await Get("/200");
        lock (_requests) request = _requests.Last();
        Assert.Contains("User-Agent: kube-probe/1.32", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_http_answer_fails_at_the_timeout()
    {
        var started = DateTime.UtcNow;
        var outcome = await Get("/slow", TimeSpan.FromMilliseconds(300));
        Assert.Equal(ProbeResult.Failure, outcome.Result);
        Assert.Contains("deadline exceeded", outcome.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Probes_of_a_closed_port_fail()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var http = await NetworkProbes.HttpGetAsync(new HTTPGetAction { Path = "/", Port = port }, "127.0.0.1", null, TimeSpan.FromSeconds(1), CancellationToken.None);
        var tcp = await NetworkProbes.TcpSocketAsync(new TCPSocketAction { Port = port }, "127.0.0.1", null, TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.Equal((ProbeResult.Failure, ProbeResult.Failure), (http.Result, tcp.Result));
        Assert.StartsWith($"dial tcp 127.0.0.1:{port}: ", tcp.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tcp_probe_of_a_listening_named_port_succeeds()
    {
        var ports = new[] { new ContainerPort { Name = "web", ContainerPortValue = Port } };
        var outcome = await NetworkProbes.TcpSocketAsync(new TCPSocketAction { Port = "web" }, "127.0.0.1", ports, TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.Equal(ProbeResult.Success, outcome.Result);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(70000, null)]
    [InlineData(8080, 8080)]
    public void Numeric_ports_must_be_valid(int port, int? expected) => Assert.Equal(expected, NetworkProbes.Port(port, null));

    [Fact]
    public void Named_ports_resolve_through_the_containers_ports_and_unknown_names_do_not()
    {
        var ports = new[] { new ContainerPort { Name = "http", ContainerPortValue = 8080 } };
        Assert.Equal(8080, NetworkProbes.Port("http", ports));
        Assert.Null(NetworkProbes.Port("grpc", ports));
        Assert.Equal(9090, NetworkProbes.Port("9090", ports));
    }
}
