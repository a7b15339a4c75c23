using System.Net;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Registry;
using Cluster.ApiServer.Storage;
using Cluster.Store.Errors;
using Microsoft.Extensions.Logging;

namespace Cluster.ApiServer.ServiceNetworking;

/// <summary>
/// The <c>kubernetes</c> Service in <c>default</c> (the service range's first address, port 443 named https) and its
/// Endpoints and EndpointSlice naming this server, as upstream's apiserver keeps them: created when missing and put
/// back when changed (the server came back on another address or port), checked every <see cref="Interval"/>.
/// </summary>
public sealed partial class KubernetesServiceReconciler(ApiServices api, ServiceIpRange range, IPAddress address, int port, ILogger logger)
{
    public const string Name = "kubernetes";
    public const string Namespace = "default";
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await ReconcileOnceAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is ApiException or StoreException or ClaimTakenException)
            {
                LogFailed(logger, e.Message);
            }

            try
            {
                await Task.Delay(Interval, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task ReconcileOnceAsync(CancellationToken ct)
    {
        // Only the fields that name this server are put back; the rest of the service's spec is the user's to change.
        await EnsureAsync(Find("", "v1", "services"), Service(), "spec", ["ports"], ct);
        await EnsureAsync(Find("", "v1", "endpoints"), Endpoints(), null, ["subsets"], ct);
        await EnsureAsync(Find("discovery.k8s.io", "v1", "endpointslices"), Slice(), null, ["addressType", "endpoints", "ports"], ct);
    }

    /// <summary>Creates <paramref name="desired"/>, or when the stored one's <paramref name="fields"/> (under <paramref name="under"/>) differ, puts them back.</summary>
    private async Task EnsureAsync(ResourceDefinition r, JsonObject desired, string? under, string[] fields, CancellationToken ct)
    {
        var stored = await api.Storage.GetAsync(r, Namespace, Name, ct);
        if (stored is null)
        {
            try
            {
                await Bootstrap.CreateAsync(api, r, desired, ct);
            }
            catch (ApiException e) when (e.Code == 409)
            {
                // another server made it first; the next pass compares
            }

            return;
        }

        var want = under is null ? desired : Node(desired, under);
        var have = under is null ? stored : Node(stored, under);
        if (fields.All(f => JsonNode.DeepEquals(have[f], want[f]))) return;
        var updated = (JsonObject)stored.DeepClone();
        var target = under is null ? updated : Node(updated, under);
        foreach (var f in fields) target[f] = want[f]?.DeepClone();
        r.Strategy.Default(updated);
        var rv = long.Parse(ObjectMeta.ResourceVersion(stored), System.Globalization.CultureInfo.InvariantCulture);
        await api.Storage.UpdateAsync(r, updated, rv, ct, previous: stored); // lost a race: the next pass compares again
    }

    private JsonObject Service() => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = Metadata(new JsonObject { ["component"] = "apiserver", ["provider"] = "kubernetes" }),
        ["spec"] = new JsonObject
        {
            ["type"] = "ClusterIP",
            ["clusterIP"] = range.First.ToString(),
            ["sessionAffinity"] = "None",
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["protocol"] = "TCP", ["port"] = 443, ["targetPort"] = port }),
        },
    };

    private JsonObject Endpoints() => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Endpoints",
        ["metadata"] = Metadata(new JsonObject { ["endpointslice.kubernetes.io/skip-mirror"] = "true" }),
        ["subsets"] = new JsonArray(new JsonObject
        {
            ["addresses"] = new JsonArray(new JsonObject { ["ip"] = address.ToString() }),
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = port, ["protocol"] = "TCP" }),
        }),
    };

    private JsonObject Slice() => new()
    {
        ["apiVersion"] = "discovery.k8s.io/v1",
        ["kind"] = "EndpointSlice",
        ["metadata"] = Metadata(new JsonObject { ["kubernetes.io/service-name"] = Name, ["endpointslice.kubernetes.io/managed-by"] = "kube-apiserver" }),
        ["addressType"] = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4",
        ["endpoints"] = new JsonArray(new JsonObject
        {
            ["addresses"] = new JsonArray(address.ToString()),
            ["conditions"] = new JsonObject { ["ready"] = true },
        }),
        ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = port, ["protocol"] = "TCP" }),
    };

    private static JsonObject Metadata(JsonObject labels) => new() { ["name"] = Name, ["namespace"] = Namespace, ["labels"] = labels };

    private static JsonObject Node(JsonObject obj, string key) => obj[key] as JsonObject ?? throw new InvalidOperationException($"{key} missing");

    private ResourceDefinition Find(string group, string version, string plural) =>
        api.Registry.Find(group, version, plural) ?? throw new InvalidOperationException($"{plural} not served");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reconcile the kubernetes service, retrying: {Error}")]
    private static partial void LogFailed(ILogger logger, string error);
}
