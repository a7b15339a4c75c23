using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Cluster.Kubelet.Images.Registry;

/// <summary>A manifest or index as a registry served it: the exact bytes (their digest is the image's), and its type.</summary>
public sealed record ManifestResponse(byte[] Content, string MediaType, string Digest);

/// <summary>
/// A client of one registry endpoint over the distribution API v2: manifests (OCI and Docker schema 2, single and
/// multi-platform), blobs, and pushes. Answers a <c>401</c> by following its <c>WWW-Authenticate</c> challenge: for
/// <c>Bearer</c> it fetches a token from the realm (with the credential as basic auth, if any) for the challenged
/// scope and retries; for <c>Basic</c> it retries with the credential. Tokens are cached per scope. Thread-safe.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    private static readonly string[] ManifestAccept = [MediaTypes.OciIndex, MediaTypes.DockerManifestList, MediaTypes.OciManifest, MediaTypes.DockerManifest];
    private readonly HttpClient _http;
    private readonly Uri _v2;
    private readonly RegistryCredential? _credential;
    private readonly Lock _lock = new(); // guards _authorizations
    private readonly Dictionary<string, AuthenticationHeaderValue> _authorizations = new(StringComparer.Ordinal); // by scope

    /// <param name="endpoint">
    /// <c>https://host[:port]</c> (or <c>http://</c> for an insecure registry); a path ending in <c>/v2</c> is used
    /// as the API root, any other path gets <c>/v2</c> appended, as containerd reads mirror endpoints.
    /// </param>
    public RegistryClient(Uri endpoint, RegistryCredential? credential = null, bool skipTlsVerify = false, HttpMessageHandler? handler = null)
    {
        Endpoint = endpoint;
        string path = endpoint.AbsolutePath.TrimEnd('/');
        if (!path.EndsWith("/v2", StringComparison.Ordinal)) path += "/v2";
        _v2 = new UriBuilder(endpoint) { Path = path + "/" }.Uri;
        _credential = credential;
        handler ??= new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(15),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
#pragma warning disable CA5359 // registries.yaml's tls.insecure_skip_verify asks for exactly this, for that registry only
            SslOptions = skipTlsVerify ? new() { RemoteCertificateValidationCallback = (_, _, _, _) => true } : new(),
#pragma warning restore CA5359
        };
        // The timeout covers a request up to its response headers; bodies are bounded by the caller's pull deadline.
        _http = new HttpClient(handler) { Timeout = RequestTimeout };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("cluster-kubelet/1.0");
    }

    public Uri Endpoint { get; }

    public static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(1);

    public void Dispose() => _http.Dispose();

    /// <summary><c>GET /v2/</c>: the registry is there and speaks v2 (a 401 counts: the API is there).</summary>
    public async Task PingAsync(CancellationToken ct)
    {
        using var response = await _http.GetAsync(_v2, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode != HttpStatusCode.Unauthorized) await EnsureSuccessAsync(response, "ping", ct);
    }

    /// <summary>Fetches a manifest or index by tag or digest; a digest reference is verified against the bytes.</summary>
    public async Task<ManifestResponse> GetManifestAsync(string repository, string reference, CancellationToken ct)
    {
        using var response = await SendAsync(() => ManifestRequest(HttpMethod.Get, repository, reference), Scope(repository, "pull"), ct);
        await EnsureSuccessAsync(response, $"manifest {repository}:{reference}", ct);
        byte[] content = await response.Content.ReadAsByteArrayAsync(ct);
        string digest = ContentDigest.Of(content);
        if (reference.StartsWith(ContentDigest.Sha256Prefix, StringComparison.Ordinal) && digest != reference)
            throw new BlobVerificationException(reference, $"manifest hashes to {digest}");
        string mediaType = response.Content.Headers.ContentType?.MediaType ?? MediaTypeOf(content);
        if (mediaType is "application/json" or "text/plain") mediaType = MediaTypeOf(content);
        return new ManifestResponse(content, mediaType, digest);
    }

    /// <summary>
    /// The digest a tag points at now, from a <c>HEAD</c> (no body moves); falls back to a GET when the registry does
    /// not send <c>Docker-Content-Digest</c>. What <c>imagePullPolicy: Always</c> asks on every start.
    /// </summary>
    public async Task<string> ResolveDigestAsync(string repository, string reference, CancellationToken ct)
    {
        using (var response = await SendAsync(() => ManifestRequest(HttpMethod.Head, repository, reference), Scope(repository, "pull"), ct))
        {
            if (response.IsSuccessStatusCode && response.Headers.TryGetValues("Docker-Content-Digest", out var values) &&
                values.FirstOrDefault() is { } digest && ContentDigest.IsValid(digest))
                return digest;
            if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.MethodNotAllowed)
                await EnsureSuccessAsync(response, $"manifest {repository}:{reference}", ct);
        }
        return (await GetManifestAsync(repository, reference, ct)).Digest;
    }

    /// <summary>Opens a blob's bytes; the caller hashes them (<see cref="ImageStore.WriteBlobAsync(string, Stream, long?, CancellationToken)"/>).</summary>
    public async Task<HttpResponseMessage> GetBlobAsync(string repository, string digest, CancellationToken ct)
    {
        var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Url(repository, "blobs", digest)), Scope(repository, "pull"), ct);
        try
        {
            await EnsureSuccessAsync(response, $"blob {digest}", ct);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Downloads a blob straight into the store, verifying its digest and size on the way.</summary>
    public async Task FetchBlobAsync(string repository, Descriptor blob, ImageStore store, CancellationToken ct)
    {
        if (store.HasBlob(blob.Digest)) return;
        using var response = await GetBlobAsync(repository, blob.Digest, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        await store.WriteBlobAsync(blob.Digest, body, blob.Size > 0 ? blob.Size : null, ct);
    }

    public async Task<bool> HasBlobAsync(string repository, string digest, CancellationToken ct)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Head, Url(repository, "blobs", digest)), Scope(repository, "pull,push"), ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await EnsureSuccessAsync(response, $"blob {digest}", ct);
        return true;
    }

    /// <summary>Uploads a blob unless the registry has it: <c>POST</c> an upload session, then one monolithic <c>PUT</c>.</summary>
    public async Task PushBlobAsync(string repository, string digest, Func<Stream> open, long size, CancellationToken ct)
    {
        if (await HasBlobAsync(repository, digest, ct)) return;
        string scope = Scope(repository, "pull,push");
        Uri location;
        using (var start = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, Url(repository, "blobs", "uploads/")), scope, ct))
        {
            await EnsureSuccessAsync(start, $"upload of {digest}", ct);
            location = start.Headers.Location ?? throw new RegistryException(start.StatusCode, null, "the registry started an upload without a Location");
            if (!location.IsAbsoluteUri) location = new Uri(_v2, location);
        }
        var put = new UriBuilder(location);
        put.Query = (put.Query.Length > 1 ? put.Query[1..] + "&" : "") + "digest=" + Uri.EscapeDataString(digest);
        using var done = await SendAsync(() =>
        {
            var content = new StreamContent(open());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Headers.ContentLength = size;
            return new HttpRequestMessage(HttpMethod.Put, put.Uri) { Content = content };
        }, scope, ct);
        await EnsureSuccessAsync(done, $"upload of {digest}", ct);
    }

    /// <summary>Puts a manifest or index under a tag (or its digest); returns the digest the registry stored.</summary>
    public async Task<string> PushManifestAsync(string repository, string reference, string mediaType, byte[] content, CancellationToken ct)
    {
        using var response = await SendAsync(() =>
        {
            var body = new ByteArrayContent(content);
            body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return new HttpRequestMessage(HttpMethod.Put, Url(repository, "manifests", reference)) { Content = body };
        }, Scope(repository, "pull,push"), ct);
        await EnsureSuccessAsync(response, $"manifest {repository}:{reference}", ct);
        return ContentDigest.Of(content);
    }

    private HttpRequestMessage ManifestRequest(HttpMethod method, string repository, string reference)
    {
        var request = new HttpRequestMessage(method, Url(repository, "manifests", reference));
        foreach (string type in ManifestAccept) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        return request;
    }

    private Uri Url(string repository, string kind, string reference) => new(_v2, $"{repository}/{kind}/{reference}");

    private static string Scope(string repository, string actions) => $"repository:{repository}:{actions}";

    /// <summary>Sends a request, answering one auth challenge by retrying with credentials (the request is rebuilt).</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, string scope, CancellationToken ct)
    {
        AuthenticationHeaderValue? cached;
        lock (_lock) cached = _authorizations.GetValueOrDefault(scope);
        var first = request();
        first.Headers.Authorization = cached;
        var response = await _http.SendAsync(first, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;

        var challenges = response.Headers.WwwAuthenticate.Select(h => h.ToString()).SelectMany(AuthChallenge.Parse).ToArray();
        AuthenticationHeaderValue? authorization = null;
        if (challenges.FirstOrDefault(c => c.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)) is { } bearer)
            authorization = new AuthenticationHeaderValue("Bearer", await FetchTokenAsync(bearer, scope, ct));
        else if (challenges.Any(c => c.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)) && _credential is not null)
            authorization = BasicAuthorization(_credential);
        if (authorization is null || authorization.Equals(cached)) return response;
        response.Dispose();
        lock (_lock) _authorizations[scope] = authorization;
        var retry = request();
        retry.Headers.Authorization = authorization;
        return await _http.SendAsync(retry, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    private async Task<string> FetchTokenAsync(AuthChallenge challenge, string scope, CancellationToken ct)
    {
        string realm = challenge["realm"] ?? throw new RegistryException(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "bearer challenge without a realm");
        var query = new List<string>();
        if (challenge["service"] is { } service) query.Add("service=" + Uri.EscapeDataString(service));
        query.Add("scope=" + Uri.EscapeDataString(challenge["scope"] ?? scope));
        var url = new UriBuilder(realm);
        url.Query = string.Join('&', (url.Query.Length > 1 ? [url.Query[1..]] : Array.Empty<string>()).Concat(query));
        using var request = new HttpRequestMessage(HttpMethod.Get, url.Uri);
        if (_credential is not null) request.Headers.Authorization = BasicAuthorization(_credential);
        using var response = await _http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            string text = await response.Content.ReadAsStringAsync(ct);
            throw new RegistryException(response.StatusCode, "UNAUTHORIZED", $"token request to {realm} failed: {(int)response.StatusCode} {Trim(text)}");
        }
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var token = await JsonSerializer.DeserializeAsync(body, ImagesJsonContext.Default.TokenResponse, ct);
        return token?.Token ?? token?.AccessToken ?? throw new RegistryException(HttpStatusCode.Unauthorized, "UNAUTHORIZED", $"token response from {realm} has no token");
    }

    private static AuthenticationHeaderValue BasicAuthorization(RegistryCredential credential) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));

    /// <summary>Throws a <see cref="RegistryException"/> carrying the registry's own error code and message.</summary>
    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        string text = response.RequestMessage?.Method == HttpMethod.Head ? "" : await response.Content.ReadAsStringAsync(ct);
        RegistryErrors? errors = null;
        try
        {
            if (text.StartsWith('{')) errors = JsonSerializer.Deserialize(text, ImagesJsonContext.Default.RegistryErrors);
        }
        catch (JsonException)
        {
        }
        var first = errors?.Errors is { Count: > 0 } list ? list[0] : null;
        string message = first is not null
            ? $"{what}: {first.Message ?? first.Code}"
            : $"{what}: {(int)response.StatusCode} {response.ReasonPhrase}{(text.Length > 0 ? ": " + Trim(text) : "")}";
        if (first is null && response.StatusCode == HttpStatusCode.NotFound && what.StartsWith("manifest", StringComparison.Ordinal))
            message = $"{what}: manifest unknown";
        throw new RegistryException(response.StatusCode, first?.Code, message);
    }

    private static string Trim(string text) => text.Length > 200 ? text[..200] + "..." : text.Trim();

    /// <summary>The type of a manifest served without a useful Content-Type, from its own mediaType field or shape.</summary>
    internal static string MediaTypeOf(byte[] content)
    {
        using var document = JsonDocument.Parse(content);
        var root = document.RootElement;
        if (root.TryGetProperty("mediaType", out var type) && type.GetString() is { Length: > 0 } declared) return declared;
        return root.TryGetProperty("manifests", out _) ? MediaTypes.OciIndex : MediaTypes.OciManifest;
    }
}
