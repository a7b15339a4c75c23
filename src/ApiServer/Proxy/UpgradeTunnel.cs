using System.Globalization;
using System.Text;
using Cluster.ApiServer.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Cluster.ApiServer.Proxy;

/// <summary>
/// Proxies an HTTP/1.1 upgrade (WebSocket, SPDY) to a kubelet: the client's request goes to the kubelet with its
/// upgrade headers (never its credentials); a 101 is passed back and the two connections are joined byte for byte
/// until either ends; any other answer (the kubelet's Status) becomes this server's error, before any upgrade.
/// </summary>
public static class UpgradeTunnel
{
    private const int MaxHead = 64 * 1024;

    private static readonly string[] ForwardedHeaders =
    [
        "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Protocol", "X-Stream-Protocol-Version", "User-Agent",
    ];

    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Content-Length", "Transfer-Encoding", "Date", "Server", "Keep-Alive",
    };

    public static async Task ProxyAsync(HttpContext http, Stream kubelet, KubeletLocation location, string pathAndQuery, CancellationToken ct)
    {
        if (http.Features.Get<IHttpUpgradeFeature>() is not { IsUpgradableRequest: true } upgrade)
            throw ApiErrors.BadRequest("Upgrade request required");

        await kubelet.WriteAsync(Encoding.ASCII.GetBytes(RequestHead(http.Request, location, pathAndQuery)), ct);
        await kubelet.FlushAsync(ct);
        var (status, headers) = await ReadHeadAsync(kubelet, ct);
        if (status != 101) throw await RefusalAsync(kubelet, status, headers, ct);

        foreach (var (name, value) in headers)
        {
            if (!HopHeaders.Contains(name)) http.Response.Headers.Append(name, value);
        }
        await using var client = await upgrade.UpgradeAsync();
        var up = client.CopyToAsync(kubelet, ct);
        var down = kubelet.CopyToAsync(client, ct);
        try
        {
            await Task.WhenAny(up, down);
        }
        finally
        {
            await kubelet.DisposeAsync(); // ends the other direction too
            await Task.WhenAll(Quiet(up), Quiet(down));
        }
    }

    private static string RequestHead(HttpRequest request, KubeletLocation location, string pathAndQuery)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"{request.Method} {pathAndQuery} HTTP/1.1\r\nHost: {location.Authority}\r\n");
        foreach (var name in ForwardedHeaders)
        {
            foreach (var value in request.Headers[name])
            {
                if (value is null || value.AsSpan().ContainsAny('\r', '\n')) continue;
                head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
            }
        }
        head.Append("Content-Length: 0\r\n\r\n");
        return head.ToString();
    }

    private static async Task<(int Status, List<(string Name, string Value)> Headers)> ReadHeadAsync(Stream kubelet, CancellationToken ct)
    {
        // Byte by byte: nothing past the head may be consumed, it belongs to the upgraded protocol.
        var bytes = new List<byte>(1024);
        var one = new byte[1];
        while (bytes.Count < 4 || !(bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n'))
        {
            if (await kubelet.ReadAsync(one, ct) == 0) throw ApiErrors.ServiceUnavailable("the kubelet closed the connection without answering");
            bytes.Add(one[0]);
            if (bytes.Count > MaxHead) throw ApiErrors.ServiceUnavailable("the kubelet's answer has an oversized header");
        }
        var lines = Encoding.ASCII.GetString([.. bytes]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var statusLine = lines[0].Split(' ', 3);
        if (statusLine.Length < 2 || !int.TryParse(statusLine[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            throw ApiErrors.ServiceUnavailable($"the kubelet answered with an unreadable status line: {lines[0]}");
        var headers = new List<(string, string)>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0) headers.Add((line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        return (status, headers);
    }

    private static async Task<ApiException> RefusalAsync(Stream kubelet, int status, List<(string Name, string Value)> headers, CancellationToken ct)
    {
        var length = headers.Where(h => h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(h => int.TryParse(h.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).FirstOrDefault();
        var body = new byte[Math.Clamp(length, 0, MaxHead)];
        try
        {
            await kubelet.ReadExactlyAsync(body, ct);
        }
        catch (EndOfStreamException)
        {
        }
        return KubeletStatus.ToException(status, body);
    }

    private static async Task Quiet(Task copy)
    {
        try
        {
            await copy;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
