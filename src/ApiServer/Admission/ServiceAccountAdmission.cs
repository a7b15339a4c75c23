using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Registry;
using Cluster.ApiServer.Storage;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Admission;

/// <summary>
/// Upstream's ServiceAccount admission for new pods. A pod naming no account gets <c>default</c> (and the deprecated
/// <c>serviceAccount</c> alias with it); the account must exist, or the pod is 403 Forbidden; unless the pod or else the
/// account sets <c>automountServiceAccountToken: false</c>, its containers get the API credentials
/// (<see cref="ServiceAccountTokenVolume"/>); a pod without pull secrets gets the account's. Mirror pods are not
/// changed, and may name no account, no Secret and no token projection.
/// </summary>
/// <remarks>
/// The account is looked up in the watch cache, then in the store; the <c>default</c> account, which the
/// serviceaccount controller makes shortly after its namespace, is looked up ten times 100–200 ms apart before the
/// pod is refused, as upstream does.
/// </remarks>
public sealed class ServiceAccountAdmission(ApiServices api)
{
    public const string DefaultAccount = "default";
    public const string MirrorPodAnnotation = "kubernetes.io/config.mirror";
    private const int DefaultAccountAttempts = 10;

    public async ValueTask ApplyAsync(ResourceDefinition r, JsonObject pod, CancellationToken ct)
    {
        if (r.Group.Length != 0 || r.Plural != "pods" || pod["spec"] is not JsonObject spec) return;
        if (Node.Str(Node.Obj(Node.Obj(pod, "metadata"), "annotations"), MirrorPodAnnotation) is not null)
        {
            if (MirrorPodViolation(spec) is { } why) throw ApiErrors.Forbidden(r.GroupResource, ObjectMeta.Name(pod), why);
            return;
        }

        var name = Node.S(spec, "serviceAccountName");
        if (name.Length == 0)
        {
            spec["serviceAccountName"] = name = DefaultAccount;
            spec["serviceAccount"] = name;
        }
        var ns = ObjectMeta.Namespace(pod);
        var account = await FindAsync(ns, name, ct)
            ?? throw ApiErrors.Forbidden(r.GroupResource, ObjectMeta.Name(pod), $"error looking up service account {ns}/{name}: serviceaccount \"{name}\" not found");

        if (ShouldAutomount(account, spec)) ServiceAccountTokenVolume.Mount(spec);
        if (Node.Count(spec["imagePullSecrets"]) == 0 && Node.Count(account["imagePullSecrets"]) > 0)
            spec["imagePullSecrets"] = new JsonArray([.. PodSecretReferences.PullSecrets(account).Select(s => (JsonNode)new JsonObject { ["name"] = s })]);
        if (MountableSecrets.Enforced(account) && MountableSecrets.Violation(account, spec) is { } violation)
            throw ApiErrors.Forbidden(r.GroupResource, ObjectMeta.Name(pod), violation);
    }

    /// <summary>The pod's own setting wins, then the account's; mounting is the default.</summary>
    public static bool ShouldAutomount(JsonObject account, JsonObject spec) =>
        Node.Bool(spec, "automountServiceAccountToken") ?? Node.Bool(account, "automountServiceAccountToken") ?? true;

    private static string? MirrorPodViolation(JsonObject spec)
    {
        if (Node.S(spec, "serviceAccountName").Length > 0) return "a mirror pod may not reference service accounts";
        if (PodSecretReferences.Any(spec)) return "a mirror pod may not reference secrets";
        foreach (var (volume, _) in Node.Objects(Node.Arr(spec, "volumes")))
        {
            if (Node.Objects(Node.Arr(Node.Obj(volume, "projected"), "sources")).Any(s => Node.Has(s.Item, "serviceAccountToken")))
                return "a mirror pod may not use ServiceAccountToken volume projections";
        }
        return null;
    }

    private async ValueTask<JsonObject?> FindAsync(string ns, string name, CancellationToken ct)
    {
        if (api.Registry.Find("", "v1", "serviceaccounts") is not { } accounts) return null;
        var cache = await api.Caches.GetAsync(accounts, ct);
        if (cache.State.Objects.TryGetValue($"{ns}/{name}", out var cached)) return JsonNode.Parse(cached.Json) as JsonObject;

        var attempts = name == DefaultAccount ? DefaultAccountAttempts : 1;
        var interval = TimeSpan.FromMilliseconds(100 + Random.Shared.Next(100));
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            if (attempt > 0) await Task.Delay(interval, api.Time, ct);
            if (await api.Storage.GetAsync(accounts, ns, name, ct) is { } found) return found;
        }
        return null;
    }
}
