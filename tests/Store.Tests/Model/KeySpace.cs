using Cluster.TestKit;

namespace Cluster.Store.Tests.Model;

/// <summary>The test's few keys (<c>k00</c>..<c>k15</c>) under a prefix of its own.</summary>
internal sealed class KeySpace(string prefix, int count)
{
    public ReadOnlyMemory<byte> Prefix { get; } = prefix.B();

    public int Count => count;

    public ReadOnlyMemory<byte> Key(int i) => $"{prefix}k{i:D2}".B();

    /// <summary>A sub-prefix: <c>k0</c> covers k00..k09, <c>k1</c> covers k10..k15.</summary>
    public ReadOnlyMemory<byte> Group(int tens) => $"{prefix}k{tens}".B();
}
