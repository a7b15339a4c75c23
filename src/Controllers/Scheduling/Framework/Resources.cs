using System.Collections.Concurrent;
using Cluster.Api.Quantities;
using Cluster.Api.Serialization;

namespace Cluster.Controllers.Scheduling.Framework;

/// <summary>
/// An amount of node resources as the scheduler counts them: cpu in millicores, memory and ephemeral storage in
/// bytes, a pod count, and any other (extended, hugepages) resource by name. Mutable, for cheap accumulation.
/// </summary>
public sealed class Resources
{
    public long MilliCpu { get; set; }
    public long Memory { get; set; }
    public long EphemeralStorage { get; set; }
    public long Pods { get; set; }

    /// <summary>Extended resources such as <c>nvidia.com/gpu</c> and <c>hugepages-2Mi</c>; null when there are none.</summary>
    public Dictionary<string, long>? Scalar { get; private set; }

    public long Get(string name) => name switch
    {
        "cpu" => MilliCpu,
        "memory" => Memory,
        "ephemeral-storage" => EphemeralStorage,
        "pods" => Pods,
        _ => Scalar?.GetValueOrDefault(name) ?? 0,
    };

    public void Set(string name, long value)
    {
        switch (name)
        {
            case "cpu": MilliCpu = value; break;
            case "memory": Memory = value; break;
            case "ephemeral-storage": EphemeralStorage = value; break;
            case "pods": Pods = value; break;
            default: (Scalar ??= new(StringComparer.Ordinal))[name] = value; break;
        }
    }

    public void Add(Resources other, int sign = 1)
    {
        MilliCpu += sign * other.MilliCpu;
        Memory += sign * other.Memory;
        EphemeralStorage += sign * other.EphemeralStorage;
        Pods += sign * other.Pods;
        if (other.Scalar is null) return;
        foreach (var (name, value) in other.Scalar) Set(name, Get(name) + sign * value);
    }

    /// <summary>Each resource the larger of this and <paramref name="other"/>.</summary>
    public void Max(Resources other)
    {
        MilliCpu = Math.Max(MilliCpu, other.MilliCpu);
        Memory = Math.Max(Memory, other.Memory);
        EphemeralStorage = Math.Max(EphemeralStorage, other.EphemeralStorage);
        Pods = Math.Max(Pods, other.Pods);
        if (other.Scalar is null) return;
        foreach (var (name, value) in other.Scalar) Set(name, Math.Max(Get(name), value));
    }

    public Resources Clone()
    {
        var copy = new Resources { MilliCpu = MilliCpu, Memory = Memory, EphemeralStorage = EphemeralStorage, Pods = Pods };
        if (Scalar is not null) copy.Scalar = new Dictionary<string, long>(Scalar, StringComparer.Ordinal);
        return copy;
    }

    /// <summary>A resource list (requests, limits, capacity, allocatable) in the scheduler's units; malformed values count as zero.</summary>
    public static Resources From(IReadOnlyDictionary<string, ResourceQuantity>? list)
    {
        var resources = new Resources();
        if (list is null) return resources;
        foreach (var (name, quantity) in list)
        {
            if (Amount(quantity.Value, milli: name == "cpu") is { } amount) resources.Set(name, amount);
        }
        return resources;
    }

    // Every pod and node of a workload spells its amounts the same few ways ("100m", "128Mi"): each spelling is parsed
    // once, not once per pod event. Bounded, so odd spellings cannot grow it without end.
    private const int MaxRemembered = 4096;
    private static readonly ConcurrentDictionary<string, long?> MilliAmounts = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, long?> Amounts = new(StringComparer.Ordinal);

    private static long? Amount(string? text, bool milli)
    {
        if (text is null) return null;
        var remembered = milli ? MilliAmounts : Amounts;
        if (remembered.TryGetValue(text, out var known)) return known;
        long? amount = Quantity.TryParse(text, out var q) ? milli ? q.MilliValue() : q.Value() : null;
        if (remembered.Count < MaxRemembered) remembered.TryAdd(text, amount);
        return amount;
    }
}
