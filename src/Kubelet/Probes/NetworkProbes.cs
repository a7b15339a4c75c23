using System.Net;
using System.Net.Sockets;
using Cluster.Api.Core.V1;

namespace Cluster.Kubelet.Probes;

/// <summary>
/// httpGet and tcpSocket probes, run from the agent against the pod's IP (or the probe's host) as the kubelet does.
/// HTTP: a GET with User-Agent kube-probe/1.32 and the probe's headers; 200-399 is success; redirects are followed to
/// the same host (up to 10), a redirect elsewhere counts as success; no connection is reused. TCP: a connection opened
/// within the timeout is success.
/// </summary>
public static class NetworkProbes
{
    public const string UserAgent = "kube-probe/1.32";

    public static async Task<ProbeOutcome> HttpGetAsync(HTTPGetAction action, string podIp, IReadOnlyList<ContainerPort>? ports, TimeSpan timeout, CancellationToken ct)
    {
        if (Port(action.Port, ports) is not { } port) return ProbeOutcome.Failure($"invalid port {action.Port}");
        var host = string.IsNullOrEmpty(action.Host) ? podIp : action.Host;
        var scheme = string.Equals(action.Scheme, "HTTPS", StringComparison.OrdinalIgnoreCase) ? "https" : "http";
        var path = string.IsNullOrEmpty(action.Path) ? "/" : action.Path.StartsWith('/') ? action.Path : "/" + action.Path;
        var url = new Uri($"{scheme}://{FormatHost(host)}:{port}{path}");
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.Zero,
            ConnectTimeout = timeout,
            // The kubelet does not verify the certificates of HTTPS probes: pods serve self-signed ones.
#pragma warning disable CA5359
            SslOptions = { RemoteCertificateValidationCallback = static (_, _, _, _) => true },
#pragma warning restore CA5359
        };
        using var client = new HttpClient(handler) { Timeout = timeout };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.ConnectionClose = true;
                request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
                request.Headers.TryAddWithoutValidation("Accept", "*/*");
                foreach (var header in action.HttpHeaders ?? [])
                {
                    if (string.IsNullOrEmpty(header.Name)) continue;
                    if (string.Equals(header.Name, "Host", StringComparison.OrdinalIgnoreCase)) request.Headers.Host = header.Value;
                    else
                    {
                        request.Headers.Remove(header.Name);
                        request.Headers.TryAddWithoutValidation(header.Name, header.Value ?? "");
                    }
                }

                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                var code = (int)response.StatusCode;
                if (code is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    var next = location.IsAbsoluteUri ? location : new Uri(url, location);
                    if (!string.Equals(next.Host, url.Host, StringComparison.OrdinalIgnoreCase))
                        return ProbeOutcome.Success($"Probe terminated redirects, Response: {code}");
                    if (redirects >= 10) return ProbeOutcome.Failure("stopped after 10 redirects");
                    url = next;
                    continue;
                }

                return code is >= 200 and < 400
                    ? ProbeOutcome.Success()
                    : ProbeOutcome.Failure($"HTTP probe failed with statuscode: {code}");
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ProbeOutcome.Failure($"Get \"{url}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
        }
        catch (HttpRequestException e)
        {
            return ProbeOutcome.Failure($"Get \"{url}\": {e.InnerException?.Message ?? e.Message}");
        }
    }

    public static async Task<ProbeOutcome> TcpSocketAsync(TCPSocketAction action, string podIp, IReadOnlyList<ContainerPort>? ports, TimeSpan timeout, CancellationToken ct)
    {
        if (Port(action.Port, ports) is not { } port) return ProbeOutcome.Failure($"invalid port {action.Port}");
        var host = string.IsNullOrEmpty(action.Host) ? podIp : action.Host;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, deadline.Token);
            return ProbeOutcome.Success();
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ProbeOutcome.Failure($"dial tcp {FormatHost(host)}:{port}: i/o timeout");
        }
        catch (SocketException e)
        {
            return ProbeOutcome.Failure($"dial tcp {FormatHost(host)}:{port}: {e.Message}");
        }
    }

    /// <summary>A probe's port: a number, or the name of one of the container's ports.</summary>
    public static int? Port(Api.Serialization.IntOrString? port, IReadOnlyList<ContainerPort>? ports)
    {
        if (port is not { } value) return null;
        if (value.IsInt) return value.IntValue is > 0 and < 65536 ? value.IntValue : null;
        if (int.TryParse(value.StringValue, out var number)) return number is > 0 and < 65536 ? number : null;
        return ports?.FirstOrDefault(p => p.Name == value.StringValue)?.ContainerPortValue;
    }

    private static string FormatHost(string host) => IPAddress.TryParse(host, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{host}]" : host;
}
