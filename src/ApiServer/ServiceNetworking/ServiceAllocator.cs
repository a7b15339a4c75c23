using System.Net;
using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Handlers;
using Cluster.ApiServer.Storage;
using Cluster.ApiServer.Strategies.Shared;
using Cluster.Store;

namespace Cluster.ApiServer.ServiceNetworking;

/// <summary>
/// Cluster IPs and node ports for Services, as upstream's service REST layer allocates them: a random free value for
/// each one the client left out (from above the static band first, so addresses clients pick themselves seldom clash),
/// and a 422 for a requested value outside the range or already held. What is held is known from the claim keys
/// (<see cref="ServiceClaims"/>), read once and then kept up to date by this server's picks and the repair loop;
/// another server's fresh picks show up as a failed write, and the value is picked again.
/// </summary>
public sealed class ServiceAllocator(ServiceIpRange ips, NodePortRange ports, IKeyValueStore store) : IObjectAllocator
{
    private readonly Lock _lock = new();
    private HashSet<int>? _heldIps;   // offsets in the IP range
    private HashSet<int>? _heldPorts; // port numbers

    public async ValueTask AllocateAsync(JsonObject obj, JsonObject? old, bool dryRun, CancellationToken ct)
    {
        if (_heldIps is null) await ReloadAsync(ct);
        var spec = Node.Ensure(obj, "spec");
        var oldSpec = Node.Obj(old, "spec");
        var holder = ClaimHolder.Of(obj);
        var errors = new List<FieldError>();
        if (NeedsClusterIp(spec)) await AllocateClusterIpAsync(spec, oldSpec, holder, dryRun, errors, ct);
        await AllocateNodePortsAsync(spec, oldSpec, holder, dryRun, errors, ct);
        if (errors.Count > 0) throw ApiErrors.Invalid("", "Service", ObjectMeta.Name(obj), Causes.Of(errors));
    }

    public void OnTaken(ClaimTakenException taken, JsonObject requested)
    {
        var spec = Node.Obj(requested, "spec") ?? [];
        if (taken.Key.StartsWith(ServiceClaims.IpPrefix, StringComparison.Ordinal))
        {
            var ip = IPAddress.Parse(taken.Key.AsSpan(ServiceClaims.IpPrefix.Length));
            var asked = ServiceClaims.ClusterIps(spec).ToList();
            if (asked.Contains(ip))
            {
                throw Invalid(requested, FieldError.Invalid(FieldPath.Root("spec", "clusterIPs"), asked.Select(a => a.ToString()).ToList(),
                    $"failed to allocate IP {ip}: provided IP is already allocated"));
            }

            if (ips.OffsetOf(ip) is { } offset) lock (_lock) _heldIps?.Add(offset);
            return;
        }

        var port = int.Parse(taken.Key.AsSpan(ServiceClaims.NodePortPrefix.Length), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (p, i) in Node.Objects(Node.Arr(spec, "ports")))
        {
            if (Node.Int(p, "nodePort") == port)
                throw Invalid(requested, FieldError.Invalid(FieldPath.Root("spec", "ports").Index(i).Child("nodePort"), port, "provided port is already allocated"));
        }

        if (Node.Int(spec, "healthCheckNodePort") == port)
            throw Invalid(requested, FieldError.Invalid(FieldPath.Root("spec", "healthCheckNodePort"), port, "provided port is already allocated"));
        lock (_lock) _heldPorts?.Add(port);
    }

    /// <summary>Rereads which values are held from the claim keys (at start, and from the repair loop).</summary>
    public async ValueTask ReloadAsync(CancellationToken ct)
    {
        var heldIps = new HashSet<int>();
        foreach (var key in await KeysAsync(ServiceClaims.IpPrefix, ct))
        {
            if (IPAddress.TryParse(key, out var ip) && ips.OffsetOf(ip) is { } offset) heldIps.Add(offset);
        }

        var heldPorts = new HashSet<int>();
        foreach (var key in await KeysAsync(ServiceClaims.NodePortPrefix, ct))
        {
            if (int.TryParse(key, System.Globalization.CultureInfo.InvariantCulture, out var port)) heldPorts.Add(port);
        }

        lock (_lock)
        {
            _heldIps = heldIps;
            _heldPorts = heldPorts;
        }
    }

    private async ValueTask AllocateClusterIpAsync(JsonObject spec, JsonObject? oldSpec, string holder, bool dryRun, List<FieldError> errors, CancellationToken ct)
    {
        var path = FieldPath.Root("spec", "clusterIPs");
        if (Node.S(spec, "clusterIP").Length == 0 && Node.Count(spec["clusterIPs"]) == 0)
        {
            if (PickIp() is { } picked)
            {
                spec["clusterIP"] = picked.ToString();
                spec["clusterIPs"] = new JsonArray(picked.ToString());
            }
            else
            {
                errors.Add(FieldError.Invalid(path, new List<string>(), "failed to allocate a serviceIP: range is full"));
            }

            return;
        }

        var asked = ServiceClaims.ClusterIps(spec).ToList();
        var held = oldSpec is null ? [] : ServiceClaims.ClusterIps(oldSpec).ToHashSet();
        foreach (var ip in asked.Where(ip => !held.Contains(ip)))
        {
            var value = asked.Select(a => a.ToString()).ToList();
            if (ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
                errors.Add(FieldError.Invalid(path, value, $"failed to allocate IP {ip}: IPv6 is not configured on this cluster"));
            else if (ips.OffsetOf(ip) is not { } offset)
                errors.Add(FieldError.Invalid(path, value, $"failed to allocate IP {ip}: the provided IP ({ip}) is not in the valid range. The range of valid IPs is {ips}"));
            else if (dryRun && await HeldByAnotherAsync(ServiceClaims.IpKey(ip), holder, ct))
                errors.Add(FieldError.Invalid(path, value, $"failed to allocate IP {ip}: provided IP is already allocated"));
            else if (!dryRun)
                lock (_lock) _heldIps!.Add(offset);
        }
    }

    private async ValueTask AllocateNodePortsAsync(JsonObject spec, JsonObject? oldSpec, string holder, bool dryRun, List<FieldError> errors, CancellationToken ct)
    {
        var held = oldSpec is null ? [] : ServiceClaims.NodePorts(oldSpec).ToHashSet();
        var inUse = ServiceClaims.NodePorts(spec).ToHashSet();
        var fill = NeedsNodePorts(spec); // LoadBalancers with allocateLoadBalancerNodePorts false keep only ports asked for
        foreach (var (port, i) in Node.Objects(Node.Arr(spec, "ports")))
        {
            await AllocatePortAsync(port, "nodePort", FieldPath.Root("spec", "ports").Index(i).Child("nodePort"), fill);
        }

        if (Node.S(spec, "type") == "LoadBalancer" && Node.S(spec, "externalTrafficPolicy") == "Local")
            await AllocatePortAsync(spec, "healthCheckNodePort", FieldPath.Root("spec", "healthCheckNodePort"), fill: true);

        async ValueTask AllocatePortAsync(JsonObject owner, string field, FieldPath path, bool fill)
        {
            var asked = Node.Int(owner, field) ?? 0;
            if (asked == 0 && !fill) return;
            if (asked == 0)
            {
                if (PickPort(inUse) is { } picked)
                {
                    owner[field] = picked;
                    inUse.Add(picked);
                }
                else
                {
                    errors.Add(FieldError.Invalid(path, 0, "failed to allocate a nodePort: range is full"));
                }
            }
            else if (!held.Contains(asked))
            {
                if (!ports.Contains(asked))
                    errors.Add(FieldError.Invalid(path, asked, $"provided port is not in the valid range. The range of valid ports is {ports}"));
                else if (dryRun && await HeldByAnotherAsync(ServiceClaims.NodePortKey(asked), holder, ct))
                    errors.Add(FieldError.Invalid(path, asked, "provided port is already allocated"));
                else if (!dryRun)
                    lock (_lock) _heldPorts!.Add((int)asked);
            }
        }
    }

    private IPAddress? PickIp()
    {
        lock (_lock)
        {
            var offset = PickFree(ips.Size, ips.StaticBand, _heldIps!.Contains);
            if (offset is null) return null;
            _heldIps.Add(offset.Value);
            return ips.At(offset.Value);
        }
    }

    private int? PickPort(HashSet<long> inUse)
    {
        lock (_lock)
        {
            var offset = PickFree(ports.Size, ports.StaticBand, o => _heldPorts!.Contains(ports.Base + o) || inUse.Contains(ports.Base + o));
            if (offset is null) return null;
            var port = ports.Base + offset.Value;
            _heldPorts!.Add(port);
            return port;
        }
    }

    /// <summary>A free offset: from a random start above the static band, then within it; null when all are held.</summary>
    private static int? PickFree(int size, int band, Func<int, bool> held)
    {
        return Scan(band, size) ?? Scan(0, band);

        int? Scan(int from, int to)
        {
            var count = to - from;
            if (count <= 0) return null;
            var start = Random.Shared.Next(count);
            for (var i = 0; i < count; i++)
            {
                var offset = from + ((start + i) % count);
                if (!held(offset)) return offset;
            }

            return null;
        }
    }

    private async ValueTask<bool> HeldByAnotherAsync(string key, string holder, CancellationToken ct)
    {
        var read = await ObjectStorage.Call(() => store.RangeAsync(new RangeRequest(System.Text.Encoding.UTF8.GetBytes(key)), ct));
        return read.Kvs.Count > 0 && System.Text.Encoding.UTF8.GetString(read.Kvs[0].Value.Span) != holder;
    }

    private async ValueTask<List<string>> KeysAsync(string prefix, CancellationToken ct)
    {
        var read = await ObjectStorage.Call(() => store.RangeAsync(RangeRequest.Prefix(System.Text.Encoding.UTF8.GetBytes(prefix)) with { KeysOnly = true }, ct));
        return read.Kvs.Select(kv => System.Text.Encoding.UTF8.GetString(kv.Key.Span)[prefix.Length..]).ToList();
    }

    private static ApiException Invalid(JsonObject obj, FieldError error) =>
        ApiErrors.Invalid("", "Service", ObjectMeta.Name(obj), Causes.Of([error]));

    private static bool NeedsClusterIp(JsonObject spec) => Node.S(spec, "type") != "ExternalName" && Node.S(spec, "clusterIP") != "None";

    private static bool NeedsNodePorts(JsonObject spec) => Node.S(spec, "type") switch
    {
        "NodePort" => true,
        "LoadBalancer" => Node.Bool(spec, "allocateLoadBalancerNodePorts") != false,
        _ => false,
    };
}
