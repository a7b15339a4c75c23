using System.Text.Json.Nodes;
using Cluster.ApiServer.Handlers;

namespace Cluster.ApiServer.Storage;

/// <summary>What exists from the first start: the default, kube-system, kube-public and kube-node-lease namespaces.</summary>
public static class Bootstrap
{
    public static readonly IReadOnlyList<string> Namespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    public static async Task EnsureAsync(ApiServices api, CancellationToken ct)
    {
        var namespaces = api.Registry.Find("", "v1", "namespaces")!;
        foreach (var name in Namespaces)
        {
            if (await api.Storage.GetAsync(namespaces, "", name, ct) is not null) continue;
            var ns = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = new JsonObject { ["name"] = name },
            };
            try
            {
                await CreateAsync(api, namespaces, ns, ct);
            }
            catch (Errors.ApiException e) when (e.Code == 409)
            {
                // Another server created it first.
            }
        }
    }

    /// <summary>
    /// Stores an object the server itself makes, as a create request would (server-set metadata, defaults, managed
    /// fields of kube-apiserver); 409 when it exists.
    /// </summary>
    public static async Task<long> CreateAsync(ApiServices api, Registry.ResourceDefinition r, JsonObject obj, CancellationToken ct)
    {
        WriteRules.PrepareCreate(obj, r, api.Now);
        r.Strategy.PrepareForCreate(obj);
        r.Strategy.Default(obj);
        obj = Apply.ManagedFieldsTracker.RecordUpdate(null, obj, "kube-apiserver", r.ApiVersion, "", api.SchemaFor(r) ?? Schema.SchemaNode.Unknown, api.Now,
            defaults: api.Schemas.Defaults);
        return await api.Storage.CreateAsync(r, obj, ct);
    }
}
