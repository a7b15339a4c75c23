using System.Text;
using System.Text.Json.Nodes;
using Cluster.Api.Core.V1;
using Cluster.Api.Serialization;
using Cluster.Runtime;
using Cluster.Runtime.Builder;
using Cluster.Runtime.Client;

namespace Cluster.Kubelet.Pods;

/// <summary>
/// The agent's <see cref="IPodSources"/>: ConfigMaps and Secrets from its informer caches, allocatable from its Node,
/// and service-account tokens from the TokenRequest API, bound to the pod.
/// </summary>
public sealed class AgentPodSources(ClusterClient client, ClusterCache cache, Func<IReadOnlyDictionary<string, ResourceQuantity>> allocatable) : IPodSources
{
    public ConfigMap? ConfigMap(string ns, string name) => cache.Get<ConfigMap>(new ObjectKey(ns, name));

    public Secret? Secret(string ns, string name) => cache.Get<Secret>(new ObjectKey(ns, name));

    public IReadOnlyDictionary<string, ResourceQuantity> NodeAllocatable => allocatable();

    public async Task<string> ServiceAccountTokenAsync(Pod pod, string? audience, long expirationSeconds, CancellationToken ct)
    {
        var meta = pod.Metadata!;
        var account = pod.Spec?.ServiceAccountName is { Length: > 0 } name ? name : "default";
        var spec = new JsonObject
        {
            ["expirationSeconds"] = expirationSeconds,
            ["boundObjectRef"] = new JsonObject { ["kind"] = "Pod", ["apiVersion"] = "v1", ["name"] = meta.Name, ["uid"] = meta.Uid },
        };
        if (audience is not null) spec["audiences"] = new JsonArray(audience);
        var body = new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "TokenRequest", ["spec"] = spec };
        var path = $"/api/v1/namespaces/{Uri.EscapeDataString(meta.Namespace ?? "default")}/serviceaccounts/{Uri.EscapeDataString(account)}/token";
        var answer = await client.Transport.SendAsync(new ApiRequest(HttpMethod.Post, path, Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json"), ct);
        return JsonNode.Parse(answer)?["status"]?["token"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"the token request for service account {account} returned no token");
    }
}
