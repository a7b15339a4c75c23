namespace Cluster.Kubelet.Proxy;

/// <summary>A chain of one table (nat or filter).</summary>
public readonly record struct ChainKey(string Table, string Name)
{
    public static ChainKey Nat(string name) => new("nat", name);

    public static ChainKey Filter(string name) => new("filter", name);

    public override string ToString() => $"{Table}/{Name}";
}
