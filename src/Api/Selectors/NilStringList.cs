namespace Cluster.Api.Selectors;

/// <summary>A bad value that prints like Go's nil string slice, <c>[]string(nil)</c>, in field errors.</summary>
internal sealed class NilStringList
{
    public static readonly NilStringList Instance = new();

    private NilStringList()
    {
    }

    public override string ToString() => "[]string(nil)";
}
