using Cluster.Api.Core.V1;
using Cluster.Api.Discovery.V1;
using EndpointPort = Cluster.Api.Discovery.V1.EndpointPort;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Ownership;

namespace Cluster.Controllers.EndpointSlices;

/// <summary>
/// Upstream's slice reconciler, as a pure function from the existing slices and the wanted endpoint groups to writes:
/// existing slices keep the endpoints still wanted (refreshed where they changed) and drop the rest; slices with
/// nothing left, or ports nobody serves now, are deleted; new endpoints first fill slices that are changing anyway,
/// then one unchanged slice with room for all of them, then new slices of at most <c>maxPerSlice</c>. A service with
/// no endpoints at all keeps one empty placeholder slice of its primary address type.
/// </summary>
public static class SlicePlanner
{
    public static SliceChanges Plan(Service service, IReadOnlyList<EndpointSlice> existing, IReadOnlyList<EndpointGroup> groups, int maxPerSlice = EndpointSliceRules.MaxEndpointsPerSlice)
    {
        var labels = EndpointSliceRules.Labels(service);
        var wantedByKey = groups.ToDictionary(g => g.PortsKey, g => new Dictionary<string, Endpoint>(g.Endpoints, StringComparer.Ordinal), StringComparer.Ordinal);
        var groupByKey = groups.ToDictionary(g => g.PortsKey, StringComparer.Ordinal);
        var kept = new List<WorkingSlice>();
        var delete = new List<EndpointSlice>();

        foreach (var slice in existing.OrderBy(s => s.Metadata?.Name, StringComparer.Ordinal))
        {
            var key = EndpointSliceRules.PortsKey(slice.AddressType ?? "", slice.Ports);
            if (!wantedByKey.TryGetValue(key, out var wanted))
            {
                delete.Add(slice);
                continue;
            }
            var working = new WorkingSlice(slice, key) { Changed = !EndpointSliceRules.SameLabels(slice.Metadata?.Labels, labels) };
            foreach (var endpoint in slice.Endpoints ?? [])
            {
                if (endpoint.Addresses is [var address, ..] && working.Endpoints.Count < maxPerSlice && wanted.Remove(address, out var desired))
                {
                    working.Endpoints.Add(desired);
                    working.Changed |= !EndpointSliceRules.SameEndpoint(endpoint, desired);
                }
                else
                {
                    working.Changed = true;
                }
            }
            if (working.Endpoints.Count == 0) delete.Add(slice);
            else kept.Add(working);
        }

        var create = new List<EndpointSlice>();
        foreach (var (key, wanted) in wantedByKey.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (wanted.Count == 0) continue;
            var leftovers = new Queue<Endpoint>(wanted.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value));
            foreach (var working in kept.Where(w => w.Key == key && w.Changed)) Fill(working, leftovers, maxPerSlice);
            if (leftovers.Count > 0
                && kept.Where(w => w.Key == key && !w.Changed && maxPerSlice - w.Endpoints.Count >= leftovers.Count)
                    .OrderBy(w => maxPerSlice - w.Endpoints.Count).FirstOrDefault() is { } roomy)
            {
                Fill(roomy, leftovers, maxPerSlice);
                roomy.Changed = true;
            }
            while (leftovers.Count > 0)
            {
                var chunk = new List<Endpoint>();
                while (chunk.Count < maxPerSlice && leftovers.TryDequeue(out var endpoint)) chunk.Add(endpoint);
                create.Add(NewSlice(service, labels, groupByKey[key].AddressType, groupByKey[key].Ports, chunk));
            }
        }

        if (kept.Count == 0 && create.Count == 0)
        {
            var type = EndpointSliceRules.AddressTypes(service)[0];
            if (delete.FirstOrDefault(s => IsPlaceholder(s, type)) is { } placeholder)
            {
                delete.Remove(placeholder);
                if (!EndpointSliceRules.SameLabels(placeholder.Metadata?.Labels, labels)) kept.Add(new WorkingSlice(placeholder, "") { Changed = true });
            }
            else
            {
                create.Add(NewSlice(service, labels, type, null, []));
            }
        }

        var update = kept.Where(w => w.Changed)
            .Select(w => w.Slice with { Metadata = w.Slice.Metadata! with { Labels = labels }, Endpoints = w.Endpoints })
            .ToList();
        return new SliceChanges(create, update, delete);
    }

    public static bool IsPlaceholder(EndpointSlice slice, string addressType) =>
        slice.AddressType == addressType && slice.Endpoints is null or { Count: 0 } && slice.Ports is null or { Count: 0 };

    private static void Fill(WorkingSlice working, Queue<Endpoint> leftovers, int maxPerSlice)
    {
        while (working.Endpoints.Count < maxPerSlice && leftovers.TryDequeue(out var endpoint))
        {
            working.Endpoints.Add(endpoint);
            working.Changed = true;
        }
    }

    private static EndpointSlice NewSlice(Service service, Dictionary<string, string> labels, string addressType, IReadOnlyList<EndpointPort>? ports, List<Endpoint> endpoints) => new()
    {
        Metadata = new ObjectMeta
        {
            GenerateName = service.Metadata!.Name + "-",
            Namespace = service.Metadata.Namespace,
            Labels = labels,
            OwnerReferences = [OwnerReferences.ControllerReference(service)],
        },
        AddressType = addressType,
        Ports = ports is { Count: > 0 } ? ports : null,
        Endpoints = endpoints,
    };

    private sealed class WorkingSlice(EndpointSlice slice, string key)
    {
        public EndpointSlice Slice { get; } = slice;
        public string Key { get; } = key;
        public List<Endpoint> Endpoints { get; } = [];
        public bool Changed { get; set; }
    }
}
