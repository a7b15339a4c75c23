using System.Text.Json.Nodes;
using Cluster.Api.Quantities;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Pods;

/// <summary>The pod QoS class (ComputePodQOS, v1.32) from the containers' and init containers' cpu and memory.</summary>
public static class PodQos
{
    /// <summary>"Guaranteed", "Burstable" or "BestEffort" for a (defaulted) pod spec.</summary>
    public static string Compute(JsonObject? spec)
    {
        var requests = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        var limits = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        var guaranteed = true;
        var containers = Node.Objects(Node.Arr(spec, "containers")).Concat(Node.Objects(Node.Arr(spec, "initContainers")));
        foreach (var (c, _) in containers)
        {
            var resources = Node.Obj(c, "resources");
            Accumulate(Node.Obj(resources, "requests"), requests, null);
            var found = new HashSet<string>(StringComparer.Ordinal);
            Accumulate(Node.Obj(resources, "limits"), limits, found);
            if (!found.Contains("cpu") || !found.Contains("memory"))
            {
                guaranteed = false;
            }
        }

        if (requests.Count == 0 && limits.Count == 0)
        {
            return "BestEffort";
        }

        if (guaranteed && requests.Any(r => !limits.TryGetValue(r.Key, out var l) || l != r.Value))
        {
            guaranteed = false;
        }

        return guaranteed && requests.Count == limits.Count ? "Guaranteed" : "Burstable";
    }

    private static void Accumulate(JsonObject? list, Dictionary<string, Quantity> totals, HashSet<string>? found)
    {
        foreach (var (name, node) in list ?? [])
        {
            if (name is not ("cpu" or "memory") || !ResourceQuantities.TryParse(node, out var q, out _) || q.Sign <= 0)
            {
                continue;
            }

            found?.Add(name);
            totals[name] = totals.TryGetValue(name, out var sum) ? sum.Add(q) : q;
        }
    }
}
