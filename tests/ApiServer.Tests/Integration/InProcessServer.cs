using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Cluster.Store.Embedded;
using Cluster.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.ApiServer.Tests.Integration;

/// <summary>
/// The real API server in this process, over HTTPS on a free loopback port, on an embedded store in a temp
/// directory: the fast way to test HTTP behaviour. One per test class. No controller manager runs here, so the
/// ServiceAccount admission is off (as on upstream's test servers) unless a subclass turns it on.
/// </summary>
public class InProcessServer : IAsyncLifetime
{
    private TempDirectory _dir = null!;
    private EmbeddedStore _store = null!;

    public ApiServerHost Host { get; private set; } = null!;

    /// <summary>The server's clock.</summary>
    protected virtual TimeProvider Time => TimeProvider.System;

    /// <summary>The server's options, from the defaults of this fixture.</summary>
    protected virtual ApiServerOptions Configure(ApiServerOptions options) => options;
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _dir = new TempDirectory();
        _store = await EmbeddedStore.OpenAsync(new EmbeddedStoreOptions { DataDirectory = Path.Combine(_dir.Path, "store") });
        Host = await ApiServerHost.StartAsync(Configure(new ApiServerOptions
        {
            DataDirectory = _dir.Path,
            Port = 0,
            DisabledAdmissionPlugins = new HashSet<string> { Cluster.ApiServer.Admission.AdmissionPlugins.ServiceAccount },
        }), _store, NullLoggerFactory.Instance, Time);
        Client = TrustingHttpClient.Create(Host.Url, Host.Credentials.CaPath, Host.Credentials.AdminToken);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        await _store.DisposeAsync();
        _dir.Dispose();
    }

    public HttpClient Anonymous() => TrustingHttpClient.Create(Host.Url, Host.Credentials.CaPath, null);

    public async Task<(HttpStatusCode Code, JsonNode? Body, HttpResponseMessage Response)> SendAsync(
        HttpMethod method, string path, string? body = null, string contentType = "application/json", string? accept = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? parsed = null;
        try
        {
            parsed = text.Length > 0 ? JsonNode.Parse(text) : null;
        }
        catch (System.Text.Json.JsonException)
        {
        }
        return (response.StatusCode, parsed, response);
    }

    /// <summary>A fresh namespace.</summary>
    public async Task<string> NamespaceAsync(string prefix = "t")
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        var (code, _, _) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{name}}}"}}""");
        if (code != HttpStatusCode.Created) throw new InvalidOperationException($"namespace {name}: {code}");
        return name;
    }
}
