using System.Text.Json.Nodes;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.ApiServer;
using Cluster.ApiServer.Auth;
using Cluster.ApiServer.Http;
using Cluster.Runtime.Client;
using Cluster.Store.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Testing;

/// <summary>
/// A real cluster control plane in this process, for controller tests: the embedded store and the real API server
/// (HTTPS on a free loopback port), with a connected <see cref="ClusterClient"/> and an admin kubeconfig for
/// kubectl. Starts in a fraction of a second. Give each test its own namespace (<see cref="CreateNamespaceAsync"/>)
/// or its own cluster. Dispose to stop it and delete its data.
/// </summary>
/// <example><code>
/// await using var cluster = await TestCluster.StartAsync();
/// var ns = await cluster.CreateNamespaceAsync();
/// await cluster.Client.CreateAsync(new ConfigMap { Metadata = new() { Name = "a", Namespace = ns } });
/// </code></example>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly EmbeddedStore _store;
    private readonly ApiServerHost _server;
    private readonly string _directory;
    private readonly bool _ownsDirectory;
    private int _namespaces;

    private TestCluster(EmbeddedStore store, ApiServerHost server, string directory, bool ownsDirectory, ClusterConnection connection)
    {
        _store = store;
        _server = server;
        _directory = directory;
        _ownsDirectory = ownsDirectory;
        Connection = connection;
        Client = new ClusterClient(connection);
    }

    /// <summary>How to reach the API server as its administrator.</summary>
    public ClusterConnection Connection { get; }

    /// <summary>A client of the cluster, shared by the test (make more from <see cref="Connection"/> if needed).</summary>
    public ClusterClient Client { get; }

    public Uri Url => _server.Url;

    /// <summary>An admin kubeconfig for the real kubectl (<c>kubectl --kubeconfig ...</c>).</summary>
    public string KubeconfigPath => Path.Combine(_directory, "admin.kubeconfig");

    public static async Task<TestCluster> StartAsync(Func<TestClusterOptions, TestClusterOptions>? configure = null, ILoggerFactory? loggers = null, CancellationToken ct = default)
    {
        var options = configure?.Invoke(new TestClusterOptions()) ?? new TestClusterOptions();
        var owns = options.DataDirectory is null;
        var directory = options.DataDirectory ?? NewDirectory();
        EmbeddedStore? store = null;
        try
        {
            store = await EmbeddedStore.OpenAsync(new EmbeddedStoreOptions { DataDirectory = Path.Combine(directory, "store") }, time: options.Time, ct: ct);
            var server = await ApiServerHost.StartAsync(new ApiServerOptions { DataDirectory = directory, Port = 0, WatchCacheCapacity = options.WatchCacheCapacity, DisabledAdmissionPlugins = options.DisabledAdmissionPlugins }, store, loggers ?? NullLoggerFactory.Instance, options.Time, ct);
            var connection = new ClusterConnection
            {
                Server = server.Url,
                CertificateAuthorityPem = server.Credentials.CaCertificate.ExportCertificatePem(),
                Token = server.Credentials.AdminToken,
                RequestTimeout = options.RequestTimeout,
            };
            AdminKubeconfig.Write(server.Credentials, server.Url.ToString().TrimEnd('/'), Path.Combine(directory, "admin.kubeconfig"));
            return new TestCluster(store, server, directory, owns, connection);
        }
        catch
        {
            if (store is not null) await store.DisposeAsync();
            if (owns) TryDelete(directory);
            throw;
        }
    }

    /// <summary>Creates a namespace with a fresh name (<c>prefix-N-xxxx</c>) and returns the name.</summary>
    public async Task<string> CreateNamespaceAsync(string prefix = "test", CancellationToken ct = default)
    {
        var name = $"{prefix}-{Interlocked.Increment(ref _namespaces)}-{Guid.NewGuid().ToString("N")[..6]}";
        await Client.CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = name } }, ct: ct);
        return name;
    }

    /// <summary>
    /// Applies every object of a YAML (or JSON) manifest with server-side apply, as <c>kubectl apply --server-side</c>
    /// would: namespaced objects without a namespace go to <paramref name="ns"/>. Returns the applied objects.
    /// A CustomResourceDefinition is served when this returns, so a manifest may hold a CRD and objects of its kind.
    /// </summary>
    /// <exception cref="InvalidOperationException">A kind the server does not serve.</exception>
    public async Task<IReadOnlyList<DynamicObject>> ApplyYamlAsync(string yaml, string ns = "default", CancellationToken ct = default)
    {
        var api = _server.Services.GetRequiredService<ApiServices>();
        var applied = new List<DynamicObject>();
        foreach (var doc in YamlBody.ParseAll(System.Text.Encoding.UTF8.GetBytes(yaml)).OfType<JsonObject>())
        {
            var apiVersion = (string?)doc["apiVersion"] ?? "";
            var (group, version) = apiVersion.Contains('/') ? (apiVersion[..apiVersion.IndexOf('/')], apiVersion[(apiVersion.IndexOf('/') + 1)..]) : ("", apiVersion);
            var kind = (string?)doc["kind"] ?? "";
            var r = api.Registry.FindKind(group, version, kind) ?? throw new InvalidOperationException($"the server does not serve {apiVersion} {kind}");
            if (r.Namespaced && doc["metadata"] is JsonObject meta && meta["namespace"] is null) meta["namespace"] = ns;
            var client = Client.Dynamic(new Api.KindInfo(r.Group, r.Version, r.Kind, r.Plural, r.Namespaced));
            applied.Add(await client.ApplyAsync(new DynamicObject(doc), "test-cluster", force: true, ct));
            if (r.Group == "apiextensions.k8s.io" && r.Kind == "CustomResourceDefinition") await WaitUntilServedAsync(api, doc, ct);
        }
        return applied;
    }

    private static async Task WaitUntilServedAsync(ApiServices api, JsonObject crd, CancellationToken ct)
    {
        var group = (string?)crd["spec"]?["group"] ?? "";
        var kind = (string?)crd["spec"]?["names"]?["kind"] ?? "";
        var versions = (crd["spec"]?["versions"] as JsonArray ?? []).Select(v => (string?)v?["name"] ?? "").ToList();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        while (!versions.All(v => api.Registry.FindKind(group, v, kind) is not null))
        {
            try { await Task.Delay(5, deadline.Token); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new InvalidOperationException($"the CustomResourceDefinition for {kind}.{group} was not served within 10 s (invalid, or its names conflict)");
            }
        }
    }

    /// <summary>
    /// Compacts the store's history up to now, as the API server does every few minutes: watches from an older
    /// resourceVersion then get 410 Gone. For tests of relist behaviour.
    /// </summary>
    public async Task CompactAsync(CancellationToken ct = default)
    {
        var now = await _store.RangeAsync(new Store.RangeRequest("/"u8.ToArray(), CountOnly: true), ct);
        await _store.CompactAsync(now.Revision, ct);
    }

    /// <summary>A new client of this cluster (its own connections), e.g. to stand for a second process.</summary>
    public ClusterClient NewClient() => new(Connection);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _server.DisposeAsync();
        await _store.DisposeAsync();
        if (_ownsDirectory) TryDelete(_directory);
    }

    private static string NewDirectory()
    {
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var path = Path.Combine(root, "testcluster-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
