namespace Cluster.ApiServer.Apply;

/// <summary>The fields an update added, changed and removed (structured-merge-diff's comparison of two objects).</summary>
internal sealed record Comparison(FieldSet Added, FieldSet Modified, FieldSet Removed)
{
    public FieldSet Changed => Modified.Union(Added);

    /// <summary>Drops everything at or below the reset fields (e.g. status for the main resource).</summary>
    public Comparison Without(FieldSet? resetFields) => resetFields is null || resetFields.IsEmpty
        ? this
        : new(Added.RecursiveDifference(resetFields), Modified.RecursiveDifference(resetFields), Removed.RecursiveDifference(resetFields));
}
