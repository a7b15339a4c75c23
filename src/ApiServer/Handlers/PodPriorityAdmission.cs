using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Registry;
using Cluster.ApiServer.Storage;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Handlers;

/// <summary>
/// Upstream's Priority admission for new pods: <c>spec.priorityClassName</c> resolves to <c>spec.priority</c> and
/// <c>spec.preemptionPolicy</c> from its PriorityClass (the built-in system-cluster-critical and system-node-critical
/// exist without objects); a pod naming no class gets the globalDefault class, or priority 0. An unknown class, or a
/// priority that disagrees with the class, is 403 Forbidden.
/// </summary>
public static class PodPriorityAdmission
{
    private static readonly Dictionary<string, long> SystemClasses = new(StringComparer.Ordinal)
    {
        ["system-cluster-critical"] = 2_000_000_000,
        ["system-node-critical"] = 2_000_001_000,
    };

    public static async ValueTask ApplyAsync(ApiServices api, ResourceDefinition r, JsonObject pod, CancellationToken ct)
    {
        if (r.Group.Length != 0 || r.Plural != "pods" || pod["spec"] is not JsonObject spec) return;
        var classes = api.Registry.Find("scheduling.k8s.io", "v1", "priorityclasses");
        if (classes is null) return;
        var name = Node.S(spec, "priorityClassName");
        long priority = 0;
        string? preemption = null;
        if (name.Length == 0)
        {
            if (await GlobalDefaultAsync(api, classes, ct) is { } fallback)
            {
                spec["priorityClassName"] = ObjectMeta.Name(fallback);
                priority = Value(fallback);
                preemption = Node.Str(fallback, "preemptionPolicy");
            }
        }
        else if (await FindAsync(api, classes, name, ct) is { } found)
        {
            priority = Value(found);
            preemption = Node.Str(found, "preemptionPolicy");
        }
        else if (SystemClasses.TryGetValue(name, out var system))
        {
            priority = system;
        }
        else
        {
            throw ApiErrors.Forbidden(r.GroupResource, ObjectMeta.Name(pod), $"no PriorityClass with name {name} was found");
        }

        if (Node.Int(spec, "priority") is { } stated && stated != priority)
            throw ApiErrors.Forbidden(r.GroupResource, ObjectMeta.Name(pod),
                $"the integer value of priority ({stated}) must not be provided in pod spec; priority admission controller computed {priority} from the given PriorityClass name");
        spec["priority"] = priority;
        if (Node.Str(spec, "preemptionPolicy") is null) spec["preemptionPolicy"] = preemption ?? "PreemptLowerPriority";
    }

    private static long Value(JsonObject priorityClass) => Node.Int(priorityClass, "value") ?? 0;

    /// <summary>The class from the watch cache, or from the store when the cache has not seen it yet.</summary>
    private static async ValueTask<JsonObject?> FindAsync(ApiServices api, ResourceDefinition classes, string name, CancellationToken ct)
    {
        var cache = await api.Caches.GetAsync(classes, ct);
        if (cache.State.Objects.TryGetValue(name, out var cached)) return JsonNode.Parse(cached.Json) as JsonObject;
        return await api.Storage.GetAsync(classes, "", name, ct);
    }

    /// <summary>The globalDefault class with the highest value, as upstream picks among several.</summary>
    private static async ValueTask<JsonObject?> GlobalDefaultAsync(ApiServices api, ResourceDefinition classes, CancellationToken ct)
    {
        var cache = await api.Caches.GetAsync(classes, ct);
        JsonObject? best = null;
        foreach (var cached in cache.State.Objects.Values)
        {
            if (JsonNode.Parse(cached.Json) is not JsonObject pc || Node.Bool(pc, "globalDefault") != true) continue;
            if (best is null || Value(pc) > Value(best)) best = pc;
        }
        return best;
    }
}
