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
            WriteRules.PrepareCreate(ns, namespaces, api.Now);
            namespaces.Strategy.PrepareForCreate(ns);
            namespaces.Strategy.Default(ns);
            ns = Apply.ManagedFieldsTracker.RecordUpdate(null, ns, "kube-apiserver", "v1", "", api.SchemaFor(namespaces) ?? Schema.SchemaNode.Unknown, api.Now,
                defaults: api.Schemas.Defaults);
            try
            {
                await api.Storage.CreateAsync(namespaces, ns, ct);
            }
            catch (Errors.ApiException e) when (e.Code == 409)
            {
                // Another server created it first.
            }
        }
    }
}
