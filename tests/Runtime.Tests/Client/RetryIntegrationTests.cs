using System.Net;
using System.Net.Sockets;
using System.Text;
using Cluster.Api.Core.V1;
using Cluster.Runtime.Client;
using Cluster.Runtime.Client.Errors;

namespace Cluster.Runtime.Tests.Client;

/// <summary>The client against a scripted HTTP peer on loopback: each connection gets the next canned answer.</summary>
public sealed class RetryIntegrationTests
{
    private static async Task<(Uri Url, Task<List<string>> Served)> ServeAsync(params string[] answers)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        var served = Task.Run(async () =>
        {
            var requests = new List<string>();
            try
            {
                foreach (var answer in answers)
                {
                    using var client = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(20));
                    var stream = client.GetStream();
                    var buffer = new byte[8192];
                    var read = await stream.ReadAsync(buffer);
                    requests.Add(Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0]);
                    var body = answer.Split("\r\n\r\n", 2) is [_, var b] ? b : "";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(answer.Replace("LEN", Encoding.UTF8.GetByteCount(body).ToString())));
                }
            }
            finally
            {
                listener.Stop();
            }
            return requests;
        });
        await Task.Yield();
        return (url, served);
    }

    private const string Ok = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: LEN\r\n\r\n{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"namespace\":\"n\"}}";

    private const string Busy = "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 0\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: LEN\r\n\r\n{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"TooManyRequests\",\"code\":429}";

    [Fact]
    public async Task A_429_with_retry_after_is_retried_and_then_succeeds()
    {
        var (url, served) = await ServeAsync(Busy, Busy, Ok);
        using var client = new ClusterClient(new ClusterConnection { Server = url });
        var created = await client.CreateAsync(new ConfigMap { Metadata = new() { Name = "a", Namespace = "n" } });
        Assert.Equal("a", created.Metadata!.Name);
        Assert.Equal(3, (await served).Count(r => r.StartsWith("POST /api/v1/namespaces/n/configmaps", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task When_retries_run_out_the_last_status_is_thrown()
    {
        var (url, served) = await ServeAsync(Busy, Busy);
        using var client = new ClusterClient(new ClusterConnection { Server = url, MaxRetries = 1 });
        var error = await Assert.ThrowsAsync<TooManyRequestsException>(() => client.GetAsync<ConfigMap>(new("n", "a")));
        Assert.Equal(429, error.Status.Code);
        Assert.Equal(2, (await served).Count);
    }

    [Fact]
    public async Task A_non_status_error_body_becomes_a_status_with_the_code_and_text()
    {
        var (url, _) = await ServeAsync("HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: LEN\r\n\r\nupstream broke");
        using var client = new ClusterClient(new ClusterConnection { Server = url, MaxRetries = 0 });
        var error = await Assert.ThrowsAsync<ApiException>(() => client.GetAsync<ConfigMap>(new("n", "a")));
        Assert.Equal((502, "upstream broke"), (error.Status.Code, error.Status.Message));
    }
}
