namespace Cluster.Store;

/// <summary>Which field of a key a <see cref="Compare"/> looks at.</summary>
public enum CompareTarget
{
    /// <summary>The key's version: 0 when the key does not exist.</summary>
    Version,
    /// <summary>The revision that created the key: 0 when it does not exist.</summary>
    CreateRevision,
    /// <summary>The revision of the key's last write: 0 when it does not exist.</summary>
    ModRevision,
    /// <summary>The key's value, compared bytewise.</summary>
    Value,
    /// <summary>The lease the key is attached to: 0 for none.</summary>
    Lease,
}

/// <summary>How a <see cref="Compare"/> relates the key's field to the operand.</summary>
public enum CompareResult { Equal, Greater, Less, NotEqual }

/// <summary>
/// One condition of a txn, checked against the key's current state: <c>field(Key) Result operand</c>.
/// A missing key has version, create and mod revision and lease 0 and never matches a value compare.
/// With a <see cref="RangeEnd"/>, the condition must hold for every existing key in the range.
/// </summary>
public sealed record Compare(
    ReadOnlyMemory<byte> Key,
    CompareTarget Target,
    CompareResult Result,
    long Number = 0,
    ReadOnlyMemory<byte> Value = default,
    ReadOnlyMemory<byte> RangeEnd = default)
{
    public static Compare Version(ReadOnlyMemory<byte> key, CompareResult result, long version) =>
        new(key, CompareTarget.Version, result, version);

    public static Compare CreateRevision(ReadOnlyMemory<byte> key, CompareResult result, long revision) =>
        new(key, CompareTarget.CreateRevision, result, revision);

    public static Compare ModRevision(ReadOnlyMemory<byte> key, CompareResult result, long revision) =>
        new(key, CompareTarget.ModRevision, result, revision);

    public static Compare ValueOf(ReadOnlyMemory<byte> key, CompareResult result, ReadOnlyMemory<byte> value) =>
        new(key, CompareTarget.Value, result, Value: value);

    public static Compare LeaseOf(ReadOnlyMemory<byte> key, CompareResult result, long lease) =>
        new(key, CompareTarget.Lease, result, lease);

    /// <summary>Holds when the key does not exist: how "create" is spelled.</summary>
    public static Compare Absent(ReadOnlyMemory<byte> key) => Version(key, CompareResult.Equal, 0);
}
